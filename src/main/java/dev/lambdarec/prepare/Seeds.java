package dev.lambdarec.prepare;

import java.util.SplittableRandom;

/** Independent, reproducible random streams per (seed, stream, key): results never depend on iteration order. */
public final class Seeds {
    private Seeds() {
    }

    public static SplittableRandom stream(long seed, long stream, long key) {
        return new SplittableRandom(mix(mix(seed ^ 0x9E3779B97F4A7C15L * (stream + 1)) + key));
    }

    /** SplitMix64's finaliser. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
