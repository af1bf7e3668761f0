package dev.lambdarec.jobs;

import java.util.List;

/**
 * One declared hyperparameter: its name, kind, default (as the string SageMaker passes), range or choices, and
 * a one-line meaning. {@link #check} is the only place a value is judged, for the train function and the trainer.
 */
public record Hyperparameter(String name, Kind kind, String defaultValue, double min, double max, List<String> choices,
                             String meaning) {

    public enum Kind {
        INTEGER, REAL, CHOICE,
        /** comma-separated layer widths, e.g. 64,32,16 */
        WIDTHS,
        /** one algorithm name (a stage of two-stage) */
        ALGORITHM,
        /** comma-separated algorithm names, between min and max of them */
        ALGORITHMS,
        /** "auto" or comma-separated non-negative weights, not all zero */
        WEIGHTS
    }

    public static Hyperparameter integer(String name, long defaultValue, long min, long max, String meaning) {
        return new Hyperparameter(name, Kind.INTEGER, Long.toString(defaultValue), min, max, List.of(), meaning);
    }

    /** The default is written as Java prints a double ("500.0"): what model.json has always recorded. */
    public static Hyperparameter real(String name, double defaultValue, double min, double max, String meaning) {
        return new Hyperparameter(name, Kind.REAL, Double.toString(defaultValue), min, max, List.of(), meaning);
    }

    public static Hyperparameter choice(String name, String defaultValue, List<String> choices, String meaning) {
        return new Hyperparameter(name, Kind.CHOICE, defaultValue, 0, 0, choices, meaning);
    }

    public static Hyperparameter flag(String name, boolean defaultValue, String meaning) {
        return choice(name, Boolean.toString(defaultValue), List.of("true", "false"), meaning);
    }

    public static Hyperparameter widths(String name, String defaultValue, String meaning) {
        return new Hyperparameter(name, Kind.WIDTHS, defaultValue, 1, 8192, List.of(), meaning);
    }

    static Hyperparameter algorithm(String name, String defaultValue, List<String> choices, String meaning) {
        return new Hyperparameter(name, Kind.ALGORITHM, defaultValue, 1, 1, choices, meaning);
    }

    static Hyperparameter algorithms(String name, String defaultValue, int min, int max, List<String> choices, String meaning) {
        return new Hyperparameter(name, Kind.ALGORITHMS, defaultValue, min, max, choices, meaning);
    }

    static Hyperparameter weights(String name, String meaning) {
        return new Hyperparameter(name, Kind.WEIGHTS, "auto", 0, 0, List.of(), meaning);
    }

    /** Throws IllegalArgumentException naming {@code key} (the full key, with a stage's prefix) when value does not fit. */
    public void check(String key, String value) {
        String text = value.trim();
        switch (kind) {
            case INTEGER -> {
                long n;
                try {
                    n = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("hyperparameter " + key + " must be an integer, was '" + value + "'");
                }
                if (n < min || n > max) {
                    throw new IllegalArgumentException("hyperparameter " + key + " must be between " + (long) min + " and " + (long) max + ", was " + n);
                }
            }
            case REAL -> {
                double x;
                try {
                    x = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("hyperparameter " + key + " must be a number, was '" + value + "'");
                }
                if (!(x >= min && x <= max)) {
                    throw new IllegalArgumentException("hyperparameter " + key + " must be between " + min + " and " + max + ", was " + value);
                }
            }
            case ALGORITHM -> {
                if (!choices.contains(text)) {
                    throw new IllegalArgumentException("hyperparameter " + key + " must name one of the ranking algorithms " + String.join(", ", choices) + ", was '" + value + "'");
                }
            }
            case CHOICE -> {
                if (!choices.contains(text)) {
                    throw new IllegalArgumentException("hyperparameter " + key + " must be one of " + String.join(", ", choices) + ", was '" + value + "'");
                }
            }
            case WIDTHS -> {
                for (String part : text.split("\\s*[,-]\\s*")) {
                    int width;
                    try {
                        width = Integer.parseInt(part);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("hyperparameter " + key + " must be layer widths like 64,32,16, was '" + value + "'");
                    }
                    if (width < min || width > max) {
                        throw new IllegalArgumentException("hyperparameter " + key + " widths must be between 1 and 8192, was '" + value + "'");
                    }
                }
            }
            case ALGORITHMS -> {
                String[] names = text.split("\\s*,\\s*", -1);
                if (names.length < min || names.length > max) {
                    throw new IllegalArgumentException("hyperparameter " + key + " takes " + (long) min + " to " + (long) max + " algorithms, was '" + value + "'");
                }
                for (String name : names) {
                    if (!choices.contains(name)) {
                        throw new IllegalArgumentException("hyperparameter " + key + " must name ranking algorithms among " + String.join(", ", choices) + ", was '" + value + "'");
                    }
                }
            }
            case WEIGHTS -> {
                if (!text.equals("auto") && weightsOf(text) == null) {
                    throw new IllegalArgumentException("hyperparameter " + key + " must be auto or non-negative weights, not all zero (e.g. 0.5,0.3,0.2), was '" + value + "'");
                }
            }
        }
    }

    /** Comma-separated non-negative finite weights, not all zero; null when the text is not that. */
    public static float[] weightsOf(String text) {
        String[] parts = text.trim().split("\\s*,\\s*", -1);
        float[] weights = new float[parts.length];
        float sum = 0;
        for (int n = 0; n < parts.length; n++) {
            try {
                weights[n] = Float.parseFloat(parts[n]);
            } catch (NumberFormatException e) {
                return null;
            }
            if (!(weights[n] >= 0 && weights[n] < Float.POSITIVE_INFINITY)) {
                return null;
            }
            sum += weights[n];
        }
        return sum > 0 ? weights : null;
    }

    /** Kind and range as the documentation shows them. */
    public String range() {
        return switch (kind) {
            case INTEGER -> min == Long.MIN_VALUE ? "any 64-bit integer" : "integer " + (long) min + " to " + (long) max;
            case REAL -> "number " + min + " to " + max;
            case CHOICE, ALGORITHM -> String.join(" / ", choices);
            case WIDTHS -> "layer widths 1 to 8192, comma-separated";
            case ALGORITHMS -> (long) min + " to " + (long) max + " of " + String.join(" / ", choices);
            case WEIGHTS -> "auto, or one weight per stage";
        };
    }
}
