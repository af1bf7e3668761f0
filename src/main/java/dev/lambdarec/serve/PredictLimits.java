package dev.lambdarec.serve;

/** Request limits of the predict function (configurable). */
public record PredictLimits(int maxInstances, int maxK, int maxListItems, long maxBodyBytes) {
    public static final PredictLimits DEFAULT = new PredictLimits(1000, 1000, 10_000, 1 << 20);
}
