package dev.lambdarec.train;

import dev.lambdarec.jobs.AlgorithmSchema;
import dev.lambdarec.jobs.AlgorithmSchemas;
import dev.lambdarec.jobs.Hyperparameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hyperparameters as SageMaker passes them (a map of strings), read through the algorithm's declarations
 * ({@link AlgorithmSchemas}): defaults and ranges live there, never at the reading site, and reading a key no
 * declaration names is a programming error. {@link Algorithm#train} binds the set to its algorithm.
 */
public final class Hyperparameters {
    private final AlgorithmSchema schema;
    private final Map<String, String> values;
    private final Map<String, String> used;
    private final String prefix;

    public Hyperparameters(Map<String, String> values) {
        this(null, new TreeMap<>(values), new TreeMap<>(), "");
    }

    private Hyperparameters(AlgorithmSchema schema, Map<String, String> values, Map<String, String> used, String prefix) {
        this.schema = schema;
        this.values = values;
        this.used = used;
        this.prefix = prefix;
    }

    public static Hyperparameters of(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int k = 0; k + 1 < keyValues.length; k += 2) {
            map.put(keyValues[k], keyValues[k + 1]);
        }
        return new Hyperparameters(map);
    }

    /** The same values read through {@code algorithm}'s declarations (reads still recorded in one place). */
    Hyperparameters bind(String algorithm) {
        return schema != null && schema.name().equals(algorithm) ? this
                : new Hyperparameters(AlgorithmSchemas.byName(algorithm), values, used, prefix);
    }

    /**
     * The keys under {@code prefix} (e.g. {@code ranker.}) as a set of their own, for an algorithm that runs
     * others: reads and the record of used values go to this set with the prefix, so errors name the full key.
     */
    public Hyperparameters scoped(String prefix) {
        return new Hyperparameters(null, values, used, this.prefix + prefix);
    }

    /**
     * These values with {@code overrides} (keys without this set's prefix) in place of the given ones, reads
     * recorded with this set's: the setting a search chose, trained for the model.
     */
    public Hyperparameters with(Map<String, String> overrides) {
        return new Hyperparameters(schema, overridden(overrides), used, prefix);
    }

    /** As {@link #with}, but what the run reads is not recorded: one trial of a search, not the model. */
    public Hyperparameters trial(Map<String, String> overrides) {
        return new Hyperparameters(schema, overridden(overrides), new TreeMap<>(used), prefix);
    }

    private Map<String, String> overridden(Map<String, String> overrides) {
        Map<String, String> all = new TreeMap<>(values);
        overrides.forEach((key, value) -> all.put(prefix + key, value));
        return all;
    }

    /** True when the job gave this key (under this set's prefix) itself. */
    public boolean given(String key) {
        return values.containsKey(prefix + key);
    }

    /** The declaration this set reads {@code key} through (bound sets: the algorithm's, then the trainer's). */
    public Hyperparameter declaration(String key) {
        return declared(key);
    }

    public AlgorithmSchema schema() {
        return requireSchema();
    }

    public String text(String key) {
        Hyperparameter declared = declared(key);
        String value = values.getOrDefault(prefix + key, declared.defaultValue());
        declared.check(prefix + key, value);
        used.put(prefix + key, value);
        return value.trim();
    }

    public String choice(String key) {
        return text(key);
    }

    public boolean flag(String key) {
        return text(key).equals("true");
    }

    public int integer(String key) {
        return Math.toIntExact(Long.parseLong(text(key)));
    }

    public double real(String key) {
        return Double.parseDouble(text(key));
    }

    /** Layer widths, e.g. {@code 64,32,16,8}. */
    public int[] widths(String key) {
        String[] parts = text(key).split("\\s*[,-]\\s*");
        int[] sizes = new int[parts.length];
        for (int n = 0; n < parts.length; n++) {
            sizes[n] = Integer.parseInt(parts[n]);
        }
        return sizes;
    }

    /** The run's seed (42 unless given); a scoped set defaults to its parent's, so one seed fixes every stage. */
    public long seed() {
        if (!prefix.isEmpty() && !values.containsKey(prefix + "seed")) {
            String inherited = values.getOrDefault("seed", declared("seed").defaultValue());
            declared("seed").check("seed", inherited);
            used.put(prefix + "seed", inherited);
            return Long.parseLong(inherited.trim());
        }
        return Long.parseLong(text("seed"));
    }

    /** As the algorithm's declaration says for these values (mf always; wide-deep with objective=rating). */
    public boolean predictsRatings() {
        return requireSchema().predictsRatings(k -> values.get(prefix + k));
    }

    /** The values as given, every key (for rules across keys, {@link AlgorithmSchemas#checkStages}). */
    public Map<String, String> values() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /** Every value a run used, defaults included: what model.json records. */
    public Map<String, String> used() {
        return new TreeMap<>(used);
    }

    private Hyperparameter declared(String key) {
        return (schema == null ? java.util.Optional.<Hyperparameter>empty() : schema.find(key, k -> values.get(prefix + k)))
                .or(() -> AlgorithmSchemas.trainerParameter(key))
                .orElseThrow(() -> new IllegalStateException("hyperparameter " + key + " is read but not declared for "
                        + (schema == null ? "an unbound set" : schema.name()) + " in AlgorithmSchemas"));
    }

    private AlgorithmSchema requireSchema() {
        if (schema == null) {
            throw new IllegalStateException("hyperparameters not bound to an algorithm");
        }
        return schema;
    }
}
