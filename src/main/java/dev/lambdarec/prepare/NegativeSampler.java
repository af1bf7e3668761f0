package dev.lambdarec.prepare;

import dev.lambdarec.data.Interactions;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Uniform negatives: items the user never interacted with (in train or test). Instead of drawing and
 * re-drawing on a hit, it draws a rank r among the user's non-interacted items and maps it to the item,
 * so a positive can never come out and dense users cost no retries. Streams are seeded per user.
 */
public final class NegativeSampler {
    static final long STREAM_TRAIN = 2;
    static final long STREAM_TEST = 3;

    private final Interactions data;
    private final long seed;

    public NegativeSampler(Interactions data, long seed) {
        this.data = data;
        this.seed = seed;
    }

    /** Items user u never interacted with. */
    public int available(int user) {
        return data.numItems() - (data.userEnd(user) - data.userStart(user));
    }

    /** The training negatives for one user: {@code count} draws with replacement, or none when none exist. */
    public void trainNegatives(int user, int count, IntSink sink) {
        int available = available(user);
        if (available == 0) {
            return;
        }
        SplittableRandom random = Seeds.stream(seed, STREAM_TRAIN, user);
        for (int i = 0; i < count; i++) {
            sink.accept(nonInteracted(user, random.nextInt(available)));
        }
    }

    /** A fixed evaluation list: {@code count} distinct non-interacted items (all of them when fewer exist), ascending. */
    public int[] testNegatives(int user, int count) {
        int available = available(user);
        int take = Math.min(count, available);
        SplittableRandom random = Seeds.stream(seed, STREAM_TEST, user);
        int[] ranks = floydSample(available, take, random);
        int[] items = new int[take];
        for (int i = 0; i < take; i++) {
            items[i] = nonInteracted(user, ranks[i]);
        }
        Arrays.sort(items);
        return items;
    }

    /**
     * The r-th (0-based) item not in the user's sorted positives p: x = r + #{j : p[j] - j <= r}
     * (p[j] - j counts the non-positives below p[j] and never decreases).
     */
    int nonInteracted(int user, int rank) {
        int[] items = data.itemColumn();
        int lo = data.userStart(user);
        int hi = data.userEnd(user);
        int from = lo;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (items[mid] - (mid - from) <= rank) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return rank + (lo - from);
    }

    /** Floyd's algorithm: k distinct values from [0, n). */
    private static int[] floydSample(int n, int k, SplittableRandom random) {
        java.util.HashSet<Integer> chosen = new java.util.HashSet<>(k * 2);
        int[] out = new int[k];
        int size = 0;
        for (int j = n - k; j < n; j++) {
            int t = random.nextInt(j + 1);
            int pick = chosen.add(t) ? t : j;
            if (pick == j) {
                chosen.add(j);
            }
            out[size++] = pick;
        }
        return out;
    }

    @FunctionalInterface
    public interface IntSink {
        void accept(int value);
    }
}
