package dev.lambdarec.data;

import java.util.Arrays;

/**
 * Accepted rows in input order, as growable primitive columns over two id vocabularies. A repeated (user, item)
 * pair is merged as it arrives (the latest wins: the larger timestamp, on a tie or without timestamps the row read
 * last), so memory grows with the distinct pairs, never with the rows read.
 */
public final class InteractionLog {
    private final IdVocabulary users;
    private final IdVocabulary items;
    private final boolean hasRatings;
    private final boolean hasTimestamps;
    private int[] userColumn = new int[1 << 12];
    private int[] itemColumn = new int[1 << 12];
    private float[] ratingColumn;
    private long[] timestampColumn;
    private int size;
    private long merged;
    /** Open addressing: key (user << 32 | item) + 1 (0 = empty), value the pair's row. */
    private long[] pairKeys = new long[1 << 13];
    private int[] pairRows = new int[1 << 13];

    public InteractionLog(IdVocabulary users, IdVocabulary items, boolean hasRatings, boolean hasTimestamps) {
        this.users = users;
        this.items = items;
        this.hasRatings = hasRatings;
        this.hasTimestamps = hasTimestamps;
        this.ratingColumn = hasRatings ? new float[userColumn.length] : null;
        this.timestampColumn = hasTimestamps ? new long[userColumn.length] : null;
    }

    public void add(int user, int item, float rating, long timestamp) {
        long key = ((long) user << 32 | (item & 0xFFFFFFFFL)) + 1;
        int mask = pairKeys.length - 1;
        int slot = (int) (mix(key) & mask);
        while (pairKeys[slot] != 0) {
            if (pairKeys[slot] == key) {
                int row = pairRows[slot];
                if (!hasTimestamps || timestamp >= timestampColumn[row]) {
                    if (hasRatings) {
                        ratingColumn[row] = rating;
                    }
                    if (hasTimestamps) {
                        timestampColumn[row] = timestamp;
                    }
                }
                merged++;
                return;
            }
            slot = (slot + 1) & mask;
        }
        pairKeys[slot] = key;
        pairRows[slot] = size;
        if ((size + 1) * 2L > pairKeys.length) {
            rehash();
        }
        if (size == userColumn.length) {
            grow();
        }
        userColumn[size] = user;
        itemColumn[size] = item;
        if (hasRatings) {
            ratingColumn[size] = rating;
        }
        if (hasTimestamps) {
            timestampColumn[size] = timestamp;
        }
        size++;
    }

    /** Repeated pairs merged so far. */
    public long merged() {
        return merged;
    }

    private static long mix(long key) {
        key *= 0x9E3779B97F4A7C15L;
        return key ^ (key >>> 29);
    }

    private void rehash() {
        long[] keys = pairKeys;
        int[] rows = pairRows;
        pairKeys = new long[keys.length * 2];
        pairRows = new int[keys.length * 2];
        int mask = pairKeys.length - 1;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                int slot = (int) (mix(keys[i]) & mask);
                while (pairKeys[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                pairKeys[slot] = keys[i];
                pairRows[slot] = rows[i];
            }
        }
    }

    private void grow() {
        if (size == Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("more than " + size + " accepted rows: split the input");
        }
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8L, size + (size >> 1) + 16L);
        userColumn = Arrays.copyOf(userColumn, capacity);
        itemColumn = Arrays.copyOf(itemColumn, capacity);
        if (hasRatings) {
            ratingColumn = Arrays.copyOf(ratingColumn, capacity);
        }
        if (hasTimestamps) {
            timestampColumn = Arrays.copyOf(timestampColumn, capacity);
        }
    }

    public int size() {
        return size;
    }

    public IdVocabulary users() {
        return users;
    }

    public IdVocabulary items() {
        return items;
    }

    public boolean hasRatings() {
        return hasRatings;
    }

    public boolean hasTimestamps() {
        return hasTimestamps;
    }

    int[] userColumn() {
        return userColumn;
    }

    int[] itemColumn() {
        return itemColumn;
    }

    float[] ratingColumn() {
        return ratingColumn;
    }

    long[] timestampColumn() {
        return timestampColumn;
    }
}
