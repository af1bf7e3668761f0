package dev.lambdarec.data;

import java.util.Arrays;

/** Accepted rows in input order, as growable primitive columns over two id vocabularies. */
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

    public InteractionLog(IdVocabulary users, IdVocabulary items, boolean hasRatings, boolean hasTimestamps) {
        this.users = users;
        this.items = items;
        this.hasRatings = hasRatings;
        this.hasTimestamps = hasTimestamps;
        this.ratingColumn = hasRatings ? new float[userColumn.length] : null;
        this.timestampColumn = hasTimestamps ? new long[userColumn.length] : null;
    }

    public void add(int user, int item, float rating, long timestamp) {
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
