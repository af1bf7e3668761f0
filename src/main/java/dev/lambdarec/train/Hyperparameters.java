package dev.lambdarec.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Hyperparameters as SageMaker passes them (a map of strings), read with types and ranges; an error names the
 * key. Keys a run did not read are reported as unknown, so a typo never silently trains with a default.
 */
public final class Hyperparameters {
    private final Map<String, String> values;
    private final Map<String, String> used;
    private final String prefix;

    public Hyperparameters(Map<String, String> values) {
        this(new TreeMap<>(values), new TreeMap<>(), "");
    }

    private Hyperparameters(Map<String, String> values, Map<String, String> used, String prefix) {
        this.values = values;
        this.used = used;
        this.prefix = prefix;
    }

    /**
     * The keys under {@code prefix} (e.g. {@code ranker.}) as a set of their own, for an algorithm that runs
     * others: reads and the record of used values go to this set with the prefix, so errors name the full key.
     */
    public Hyperparameters scoped(String prefix) {
        return new Hyperparameters(values, used, this.prefix + prefix);
    }

    public static Hyperparameters of(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int k = 0; k + 1 < keyValues.length; k += 2) {
            map.put(keyValues[k], keyValues[k + 1]);
        }
        return new Hyperparameters(map);
    }

    public String text(String key, String fallback) {
        String value = values.getOrDefault(prefix + key, fallback);
        used.put(prefix + key, value);
        return value;
    }

    public String choice(String key, String fallback, String... options) {
        String value = text(key, fallback);
        for (String option : options) {
            if (option.equals(value)) {
                return value;
            }
        }
        throw new IllegalArgumentException("hyperparameter " + prefix + key + " must be one of " + String.join(", ", options) + ", was '" + value + "'");
    }

    public int integer(String key, int fallback, int min, int max) {
        String value = text(key, Integer.toString(fallback));
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hyperparameter " + prefix + key + " must be an integer, was '" + value + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("hyperparameter " + prefix + key + " must be between " + min + " and " + max + ", was " + n);
        }
        return n;
    }

    public double real(String key, double fallback, double min, double max) {
        String value = text(key, Double.toString(fallback));
        double x;
        try {
            x = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hyperparameter " + prefix + key + " must be a number, was '" + value + "'");
        }
        if (!(x >= min && x <= max)) {
            throw new IllegalArgumentException("hyperparameter " + prefix + key + " must be between " + min + " and " + max + ", was " + value);
        }
        return x;
    }

    /** The run's seed (42 unless given); a scoped set defaults to its parent's, so one seed fixes every stage. */
    public long seed() {
        String value = text("seed", prefix.isEmpty() ? "42" : values.getOrDefault("seed", "42"));
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hyperparameter " + prefix + "seed must be an integer, was '" + value + "'");
        }
    }

    /** Fails on keys no one read (besides the ones the trainer itself consumes). */
    public void rejectUnknown(Set<String> consumedElsewhere) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(used.keySet());
        unknown.removeAll(consumedElsewhere);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown hyperparameter(s) " + unknown + "; this algorithm reads " + used.keySet());
        }
    }

    /** Every value a run used, defaults included: what model.json records. */
    public Map<String, String> used() {
        return new TreeMap<>(used);
    }
}
