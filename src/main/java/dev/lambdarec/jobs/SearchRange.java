package dev.lambdarec.jobs;

import java.util.List;

/**
 * Where {@code tune=auto} looks for one hyperparameter: a continuous or integer interval (searched on a log scale
 * when {@code logarithmic}) or a list of values. The same declaration drives the trainer's own search and a SageMaker
 * tuning job's ParameterRanges, so both explore the same space. {@code needsTimes}: only meaningful when the
 * dataset has timestamps (EASE's session term), skipped otherwise.
 */
public record SearchRange(String name, Kind kind, double min, double max, boolean logarithmic, List<String> values,
                          boolean needsTimes) {

    public enum Kind {
        CONTINUOUS, INTEGER, CATEGORICAL
    }

    public static SearchRange continuous(String name, double min, double max, boolean logarithmic) {
        return new SearchRange(name, Kind.CONTINUOUS, min, max, logarithmic, List.of(), false);
    }

    public static SearchRange integer(String name, long min, long max) {
        return new SearchRange(name, Kind.INTEGER, min, max, false, List.of(), false);
    }

    public static SearchRange categorical(String name, String... values) {
        return new SearchRange(name, Kind.CATEGORICAL, 0, 0, false, List.of(values), false);
    }

    SearchRange timed() {
        return new SearchRange(name, kind, min, max, logarithmic, values, true);
    }

    /** A point of the range from u in [0, 1): uniform (on the log scale when logarithmic), as the string a job reads. */
    public String at(double u) {
        return switch (kind) {
            case CATEGORICAL -> values.get(Math.min(values.size() - 1, (int) (u * values.size())));
            case INTEGER -> Long.toString(Math.min((long) max, (long) Math.floor(min + u * (max - min + 1))));
            case CONTINUOUS -> round(logarithmic ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min));
        };
    }

    /** Where {@code value} sits in the range, as {@link #at}'s argument (clamped to [0, 1)). */
    public double position(String value) {
        double u = switch (kind) {
            case CATEGORICAL -> (Math.max(0, values.indexOf(value.trim())) + 0.5) / values.size();
            case INTEGER -> (Double.parseDouble(value) - min + 0.5) / (max - min + 1);
            case CONTINUOUS -> logarithmic ? (Math.log(Double.parseDouble(value)) - Math.log(min)) / (Math.log(max) - Math.log(min))
                    : (Double.parseDouble(value) - min) / (max - min);
        };
        return Math.min(Math.nextDown(1.0), Math.max(0, u));
    }

    /** As the documentation shows it. */
    public String describe() {
        String range = switch (kind) {
            case CATEGORICAL -> String.join(" / ", values);
            case INTEGER -> (long) min + " to " + (long) max;
            case CONTINUOUS -> min + " to " + max + (logarithmic ? " (log scale)" : "");
        };
        return "`" + name + "` " + range + (needsTimes ? " (with timestamps)" : "");
    }

    /** Three significant digits: a searched value need not be more precise than its effect, and model.json stays readable. */
    private static String round(double value) {
        return Double.toString(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.3g", value)));
    }
}
