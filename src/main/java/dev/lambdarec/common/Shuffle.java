package dev.lambdarec.common;

import java.util.SplittableRandom;

/** Fisher-Yates shuffles, drawing from the seeded generator in one fixed order (same seed, same permutation). */
public final class Shuffle {
    private Shuffle() {
    }

    /** Shuffles {@code values[from, to)} in place. */
    public static void inPlace(int[] values, int from, int to, SplittableRandom random) {
        for (int i = to - from - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[from + i];
            values[from + i] = values[from + j];
            values[from + j] = swap;
        }
    }

    /** A random permutation of 0..n-1. */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        inPlace(order, 0, n, random);
        return order;
    }
}
