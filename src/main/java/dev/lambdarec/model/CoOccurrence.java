package dev.lambdarec.model;

import java.util.Arrays;

/**
 * How many users had both of two items in training, from the interactions a model carries (its seen items): the
 * similar items of models without item vectors (popular). The item -> users index is built once.
 */
final class CoOccurrence {
    private final UserItems seen;
    private final int[] offsets;
    private final int[] users;

    CoOccurrence(UserItems seen, int numItems) {
        this.seen = seen;
        int[] counts = new int[numItems + 1];
        int[] items = seen.items();
        for (int item : items) {
            counts[item + 1]++;
        }
        for (int i = 0; i < numItems; i++) {
            counts[i + 1] += counts[i];
        }
        this.offsets = counts;
        this.users = new int[items.length];
        int[] next = Arrays.copyOf(counts, numItems);
        for (int u = 0; u < seen.numUsers(); u++) {
            for (int k = seen.start(u); k < seen.end(u); k++) {
                users[next[items[k]]++] = u;
            }
        }
    }

    void similarTo(int item, float[] out) {
        Arrays.fill(out, 0f);
        int[] items = seen.items();
        for (int n = offsets[item]; n < offsets[item + 1]; n++) {
            int user = users[n];
            for (int k = seen.start(user); k < seen.end(user); k++) {
                out[items[k]]++;
            }
        }
    }
}
