package dev.lambdarec.model;

import java.util.Arrays;

/** Items per user, compressed sparse rows, items ascending within a user (seen sets, test sets). */
public record UserItems(int[] offsets, int[] items) {

    public static UserItems of(int numUsers, int[] users, int[] items, boolean[] keep) {
        int[] offsets = new int[numUsers + 1];
        for (int k = 0; k < users.length; k++) {
            if (keep == null || keep[k]) {
                offsets[users[k] + 1]++;
            }
        }
        for (int u = 0; u < numUsers; u++) {
            offsets[u + 1] += offsets[u];
        }
        int[] fill = Arrays.copyOf(offsets, numUsers);
        int[] out = new int[offsets[numUsers]];
        for (int k = 0; k < users.length; k++) {
            if (keep == null || keep[k]) {
                out[fill[users[k]]++] = items[k];
            }
        }
        for (int u = 0; u < numUsers; u++) {
            Arrays.sort(out, offsets[u], offsets[u + 1]);
        }
        return new UserItems(offsets, out);
    }

    public int numUsers() {
        return offsets.length - 1;
    }

    public int start(int user) {
        return offsets[user];
    }

    public int end(int user) {
        return offsets[user + 1];
    }

    public int count(int user) {
        return offsets[user + 1] - offsets[user];
    }

    public boolean contains(int user, int item) {
        return Arrays.binarySearch(items, offsets[user], offsets[user + 1], item) >= 0;
    }

    public int size() {
        return items.length;
    }
}
