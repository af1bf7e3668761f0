package dev.lambdarec.synth;

/**
 * Size and shape of a synthetic interaction set.
 *
 * @param factors        dimension of the planted user and item factors
 * @param popularitySkew Zipf exponent of item popularity (0 = uniform, ~1 = MovieLens-like long tail)
 * @param affinity       how strongly the planted factors decide which items a user picks (0 = popularity only)
 */
public record SyntheticSpec(int users, int items, long interactions, int factors, double popularitySkew,
                            double affinity, long seed) {

    public SyntheticSpec {
        if (users < 1 || items < 2) {
            throw new IllegalArgumentException("need at least 1 user and 2 items");
        }
        if (interactions < users) {
            throw new IllegalArgumentException("need at least one interaction per user (" + interactions + " < " + users + ")");
        }
        if (interactions > (long) users * (items / 2)) {
            throw new IllegalArgumentException("interactions " + interactions + " exceed half the user x item matrix");
        }
        if (factors < 1 || factors > 64) {
            throw new IllegalArgumentException("factors must be 1..64");
        }
    }

    /** MovieLens-100K-sized defaults. */
    public static SyntheticSpec movielensLike(long seed) {
        return new SyntheticSpec(943, 1682, 100_000, 8, 0.9, 3.0, seed);
    }

    public SyntheticSpec withSize(int users, int items, long interactions) {
        return new SyntheticSpec(users, items, interactions, factors, popularitySkew, affinity, seed);
    }
}
