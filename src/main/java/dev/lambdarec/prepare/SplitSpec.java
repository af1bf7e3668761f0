package dev.lambdarec.prepare;

import java.util.Locale;

/**
 * How interactions are split into train and test, parsed from the text form used on the command line and in
 * requests: {@code leave-last:N}, {@code leave-one-out}, {@code random:RATIO:SEED}, {@code stratified-user:RATIO:SEED},
 * {@code stratified-item:RATIO:SEED}, {@code temporal:RATIO}, {@code users-holdout:N:FRACTION:SEED}. RATIO is the train
 * share, strictly between 0 and 1. users-holdout (strong generalization, Liang et al. 2018) holds N users out of
 * training entirely and splits each one's interactions FRACTION fold-in, the rest target.
 */
public record SplitSpec(Kind kind, double ratio, long seed, int count) {

    public enum Kind {
        LEAVE_LAST("leave-last"),
        RANDOM("random"),
        STRATIFIED_USER("stratified-user"),
        STRATIFIED_ITEM("stratified-item"),
        TEMPORAL("temporal"),
        USERS_HOLDOUT("users-holdout");

        final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    static final String FORMS = "leave-last:N, leave-one-out, random:RATIO:SEED, stratified-user:RATIO:SEED, "
            + "stratified-item:RATIO:SEED, temporal:RATIO or users-holdout:N:FRACTION:SEED";

    public static SplitSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("split is empty; expected " + FORMS);
        }
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", -1);
        return switch (parts[0]) {
            case "leave-one-out" -> {
                arity(text, parts, 1);
                yield new SplitSpec(Kind.LEAVE_LAST, 0, 0, 1);
            }
            case "leave-last" -> {
                arity(text, parts, 2);
                int count = integer(text, parts[1], "N");
                if (count < 1) {
                    throw new IllegalArgumentException("split '" + text + "': N must be >= 1");
                }
                yield new SplitSpec(Kind.LEAVE_LAST, 0, 0, count);
            }
            case "random", "stratified-user", "stratified-item" -> {
                arity(text, parts, 3);
                Kind kind = parts[0].equals("random") ? Kind.RANDOM
                        : parts[0].equals("stratified-user") ? Kind.STRATIFIED_USER : Kind.STRATIFIED_ITEM;
                yield new SplitSpec(kind, ratio(text, parts[1]), seed(text, parts[2]), 0);
            }
            case "users-holdout" -> {
                arity(text, parts, 4);
                int count = integer(text, parts[1], "N");
                if (count < 1) {
                    throw new IllegalArgumentException("split '" + text + "': N (users held out) must be >= 1");
                }
                yield new SplitSpec(Kind.USERS_HOLDOUT, ratio(text, parts[2]), seed(text, parts[3]), count);
            }
            case "temporal" -> {
                arity(text, parts, 2);
                yield new SplitSpec(Kind.TEMPORAL, ratio(text, parts[1]), 0, 0);
            }
            default -> throw new IllegalArgumentException("split '" + text + "': unknown kind '" + parts[0]
                    + "'; expected " + FORMS);
        };
    }

    /** Held-out users' rows go to test with a fold-in part the evaluation folds in (test.npz column fold_in). */
    public boolean holdsOutUsers() {
        return kind == Kind.USERS_HOLDOUT;
    }

    public boolean needsTimestamps() {
        return kind == Kind.LEAVE_LAST || kind == Kind.TEMPORAL;
    }

    /** The canonical text: equal specs give equal text (it is part of the dataset id). */
    @Override
    public String toString() {
        return switch (kind) {
            case LEAVE_LAST -> "leave-last:" + count;
            case TEMPORAL -> "temporal:" + ratio;
            case USERS_HOLDOUT -> "users-holdout:" + count + ":" + ratio + ":" + seed;
            default -> kind.text + ":" + ratio + ":" + seed;
        };
    }

    private static void arity(String text, String[] parts, int expected) {
        if (parts.length != expected) {
            throw new IllegalArgumentException("split '" + text + "': expected " + (expected - 1)
                    + " parameter(s) after '" + parts[0] + "', found " + (parts.length - 1) + "; forms: " + FORMS);
        }
    }

    private static int integer(String text, String value, String name) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("split '" + text + "': " + name + " is not an integer: '" + value + "'");
        }
    }

    private static double ratio(String text, String value) {
        double ratio;
        try {
            ratio = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("split '" + text + "': RATIO is not a number: '" + value + "'");
        }
        if (!(ratio > 0 && ratio < 1)) {
            throw new IllegalArgumentException("split '" + text + "': RATIO must be strictly between 0 and 1, was " + value);
        }
        return ratio;
    }

    private static long seed(String text, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("split '" + text + "': SEED is not an integer: '" + value + "'");
        }
    }
}
