package dev.lambdarec.data;

import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * External ids (byte strings as they appear in the input) to dense indices 0..size-1 in order of first appearance.
 * Open addressing over a byte arena: no String or boxed Integer per row, so parsing allocates nothing per id.
 */
public final class IdVocabulary {
    private final Charset charset;
    private byte[] arena = new byte[1 << 12];
    private int arenaSize;
    private int[] offsets = new int[1 << 10];
    private int size;
    private int[] slots = filled(1 << 10);
    private int[] hashes = new int[1 << 10];

    public IdVocabulary(Charset charset) {
        this.charset = charset;
    }

    public int size() {
        return size;
    }

    /** The index of the id in {@code bytes[from, to)}, adding it when new. */
    public int indexOf(byte[] bytes, int from, int to) {
        int hash = hash(bytes, from, to);
        int mask = slots.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int index = slots[slot];
            if (index < 0) {
                return add(bytes, from, to, hash, slot);
            }
            if (hashes[index] == hash && sameBytes(index, bytes, from, to)) {
                return index;
            }
        }
    }

    public String id(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("no id at index " + index + " (size " + size + ")");
        }
        return new String(arena, offsets[index], offsets[index + 1] - offsets[index], charset);
    }

    /** Every id, by index. */
    public String[] ids() {
        String[] ids = new String[size];
        for (int i = 0; i < size; i++) {
            ids[i] = id(i);
        }
        return ids;
    }

    private int add(byte[] bytes, int from, int to, int hash, int slot) {
        int length = to - from;
        if (arenaSize + length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaSize + length));
        }
        System.arraycopy(bytes, from, arena, arenaSize, length);
        if (size + 2 > offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
            hashes = Arrays.copyOf(hashes, hashes.length * 2);
        }
        int index = size++;
        offsets[index] = arenaSize;
        arenaSize += length;
        offsets[index + 1] = arenaSize;
        hashes[index] = hash;
        slots[slot] = index;
        if (size * 2 > slots.length) {
            rehash();
        }
        return index;
    }

    private void rehash() {
        slots = filled(slots.length * 2);
        int mask = slots.length - 1;
        for (int index = 0; index < size; index++) {
            int slot = hashes[index] & mask;
            while (slots[slot] >= 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = index;
        }
    }

    private boolean sameBytes(int index, byte[] bytes, int from, int to) {
        int start = offsets[index];
        return Arrays.equals(arena, start, offsets[index + 1], bytes, from, to);
    }

    private static int hash(byte[] bytes, int from, int to) {
        int h = 0x811C9DC5;
        for (int i = from; i < to; i++) {
            h = (h ^ bytes[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    private static int[] filled(int length) {
        int[] slots = new int[length];
        Arrays.fill(slots, -1);
        return slots;
    }
}
