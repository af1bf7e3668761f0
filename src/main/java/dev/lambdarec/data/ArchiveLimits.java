package dev.lambdarec.data;

/**
 * How far compressed input (a .zip member, a .gz file) may expand while it is read: at most {@code maxExpandedBytes}
 * in all, and, past the first {@link #RATIO_FLOOR} bytes, at most {@code maxRatio} times its stored size. MovieLens
 * archives expand about 5 times; an archive bomb thousands of times.
 */
public record ArchiveLimits(long maxExpandedBytes, double maxRatio) {
    public static final long RATIO_FLOOR = 64L << 20;
    public static final ArchiveLimits DEFAULT = new ArchiveLimits(16L << 30, 100);
}
