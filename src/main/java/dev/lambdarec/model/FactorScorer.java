package dev.lambdarec.model;

import dev.lambdarec.io.NpzWriter;
import java.io.IOException;

/**
 * Latent factor models (iALS, biased MF): score(u, i) = global + b_u + b_i + p_u . q_i, biases optional.
 * Factors are row-major float32 matrices, {@code factors} columns each.
 */
public record FactorScorer(float[] userFactors, float[] itemFactors, int factors, float[] userBias, float[] itemBias,
                           float globalBias, UserItems seen) implements Scorer {
    public static final String FAMILY = "factors";

    public FactorScorer {
        if (userFactors.length % factors != 0 || itemFactors.length % factors != 0) {
            throw new IllegalArgumentException("factor matrices are not multiples of " + factors + " columns");
        }
    }

    @Override
    public int numUsers() {
        return userFactors.length / factors;
    }

    @Override
    public int numItems() {
        return itemFactors.length / factors;
    }

    @Override
    public void scoreAll(int user, float[] out) {
        int n = numItems();
        int u = user * factors;
        float base = globalBias + (userBias == null ? 0 : userBias[user]);
        for (int i = 0; i < n; i++) {
            out[i] = base + (itemBias == null ? 0 : itemBias[i]) + dot(userFactors, u, itemFactors, i * factors, factors);
        }
    }

    /** Four independent partial sums: the adds pipeline instead of waiting on one another. */
    static float dot(float[] a, int aFrom, float[] b, int bFrom, int length) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int f = 0;
        for (; f + 3 < length; f += 4) {
            s0 += a[aFrom + f] * b[bFrom + f];
            s1 += a[aFrom + f + 1] * b[bFrom + f + 1];
            s2 += a[aFrom + f + 2] * b[bFrom + f + 2];
            s3 += a[aFrom + f + 3] * b[bFrom + f + 3];
        }
        for (; f < length; f++) {
            s0 += a[aFrom + f] * b[bFrom + f];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float score(int user, int item) {
        float dot = dot(userFactors, user * factors, itemFactors, item * factors, factors);
        return globalBias + (userBias == null ? 0 : userBias[user]) + (itemBias == null ? 0 : itemBias[item]) + dot;
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public void writeTo(NpzWriter npz) throws IOException {
        npz.addFloats("user_factors", userFactors, new long[] {numUsers(), factors});
        npz.addFloats("item_factors", itemFactors, new long[] {numItems(), factors});
        if (userBias != null) {
            npz.addFloats("user_bias", userBias, new long[] {userBias.length});
        }
        if (itemBias != null) {
            npz.addFloats("item_bias", itemBias, new long[] {itemBias.length});
        }
        npz.addFloats("global_bias", new float[] {globalBias}, new long[] {1});
        Scorers.writeSeen(npz, seen);
    }
}
