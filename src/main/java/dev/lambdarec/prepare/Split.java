package dev.lambdarec.prepare;

/**
 * Which side each interaction went to. Test rows whose user or item has no training row are "cold"; the
 * {@link ColdStart} policy drops them (counted) or keeps them (counted too).
 */
public record Split(byte[] side, long train, long test, long coldUserRows, long coldItemRows, long coldDropped) {
    public static final byte TRAIN = 0;
    public static final byte TEST = 1;
    public static final byte DROPPED = 2;
    /** A held-out user's row the evaluation folds in (users-holdout); written to test with fold_in 1. */
    public static final byte FOLD_IN = 3;

    public enum ColdStart {
        DROP, KEEP;

        public static ColdStart parse(String text) {
            return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "drop" -> DROP;
                case "keep" -> KEEP;
                default -> throw new IllegalArgumentException("coldStart must be 'drop' or 'keep', was '" + text + "'");
            };
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean isTrain(int row) {
        return side[row] == TRAIN;
    }

    /** Test rows, the fold-in part of held-out users included (both go to test.npz). */
    public boolean isTest(int row) {
        return side[row] == TEST || side[row] == FOLD_IN;
    }
}
