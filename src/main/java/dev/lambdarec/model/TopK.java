package dev.lambdarec.model;

import java.util.Arrays;

/**
 * The k best items of a score vector without sorting the catalogue: a bounded min-heap of (score, item),
 * O(n log k). Items in {@code excluded} (sorted ascending, e.g. a user's seen items) are skipped; ties go
 * to the lower item index, so results are deterministic.
 */
public final class TopK {
    private TopK() {
    }

    public static int[] select(float[] scores, int k, int[] excluded, int excludedFrom, int excludedTo) {
        int n = scores.length;
        int size = 0;
        int capacity = Math.min(k, n);
        int[] heapItems = new int[capacity];
        float[] heapScores = new float[capacity];
        int next = excludedFrom;
        for (int item = 0; item < n; item++) {
            if (next < excludedTo && excluded[next] == item) {
                next++;
                continue;
            }
            float score = scores[item];
            if (Float.isNaN(score)) {
                continue;
            }
            if (size < capacity) {
                heapItems[size] = item;
                heapScores[size] = score;
                siftUp(heapItems, heapScores, size++);
            } else if (capacity > 0 && better(score, item, heapScores[0], heapItems[0])) {
                heapItems[0] = item;
                heapScores[0] = score;
                siftDown(heapItems, heapScores, size);
            }
        }
        // pop the heap worst-first into the result from the back
        int[] result = new int[size];
        for (int out = size - 1; out >= 0; out--) {
            result[out] = heapItems[0];
            heapItems[0] = heapItems[out];
            heapScores[0] = heapScores[out];
            siftDown(heapItems, heapScores, out);
        }
        return result;
    }

    public static int[] select(float[] scores, int k) {
        return select(scores, k, new int[0], 0, 0);
    }

    /** True when (s1, i1) ranks above (s2, i2). */
    static boolean better(float s1, int i1, float s2, int i2) {
        return s1 > s2 || s1 == s2 && i1 < i2;
    }

    private static void siftUp(int[] items, float[] scores, int at) {
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!better(scores[parent], items[parent], scores[at], items[at])) {
                return;
            }
            swap(items, scores, at, parent);
            at = parent;
        }
    }

    private static void siftDown(int[] items, float[] scores, int size) {
        int at = 0;
        while (true) {
            int left = 2 * at + 1;
            if (left >= size) {
                return;
            }
            int worst = left;
            int right = left + 1;
            if (right < size && better(scores[worst], items[worst], scores[right], items[right])) {
                worst = right;
            }
            if (!better(scores[at], items[at], scores[worst], items[worst])) {
                return;
            }
            swap(items, scores, at, worst);
            at = worst;
        }
    }

    private static void swap(int[] items, float[] scores, int a, int b) {
        int item = items[a];
        items[a] = items[b];
        items[b] = item;
        float score = scores[a];
        scores[a] = scores[b];
        scores[b] = score;
    }

    /** Reference: full sort (tests compare against it). */
    static int[] bySorting(float[] scores, int k) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> better(scores[a], a, scores[b], b) ? -1 : better(scores[b], b, scores[a], a) ? 1 : 0);
        return Arrays.stream(order).limit(k).mapToInt(Integer::intValue).toArray();
    }
}
