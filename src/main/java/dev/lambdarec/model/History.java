package dev.lambdarec.model;

import java.util.Arrays;

/**
 * Interactions given at request time, in the model's item indices: what fold-in solves a user from. Each item
 * once; {@code values[n]} is NaN where the request gave no value (an interaction, not a rating).
 */
public record History(int[] items, float[] values) {
    public History {
        if (items.length != values.length) {
            throw new IllegalArgumentException(items.length + " items but " + values.length + " values");
        }
    }

    public int size() {
        return items.length;
    }

    /** The value of entry n where the request gave one, else {@code otherwise}. */
    public float valueOr(int n, float otherwise) {
        return Float.isNaN(values[n]) ? otherwise : values[n];
    }

    /**
     * This history with a known user's training items added (no value), each item once: the request's entry wins
     * where both name an item.
     */
    public History withTrainingItems(UserItems seen, int user) {
        int[] mine = sortedItems();
        int[] items = Arrays.copyOf(this.items, this.items.length + seen.end(user) - seen.start(user));
        float[] values = Arrays.copyOf(this.values, items.length);
        int count = this.items.length;
        for (int k = seen.start(user); k < seen.end(user); k++) {
            int item = seen.items()[k];
            if (Arrays.binarySearch(mine, item) < 0) {
                items[count] = item;
                values[count++] = Float.NaN;
            }
        }
        return new History(Arrays.copyOf(items, count), Arrays.copyOf(values, count));
    }

    public int[] sortedItems() {
        int[] sorted = items.clone();
        Arrays.sort(sorted);
        return sorted;
    }
}
