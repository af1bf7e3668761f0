package dev.lambdarec.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one algorithm takes: its hyperparameters, and for an algorithm whose settings depend on one choice (mf's
 * {@code method}, wide-deep's {@code objective}) the hyperparameters of each variant. {@code ratingsVariant} names
 * the variant that predicts ratings ({@link #ALWAYS}: every one; null: none), so the evaluation and two-stage's
 * stage rule ask here rather than each algorithm.
 */
public record AlgorithmSchema(String name, String summary, List<Hyperparameter> parameters, String variantKey,
                              Map<String, List<Hyperparameter>> variants, String ratingsVariant, boolean staged,
                              List<SearchRange> searchSpace) {
    public static final String ALWAYS = "*";

    static AlgorithmSchema of(String name, String summary, Hyperparameter... parameters) {
        return new AlgorithmSchema(name, summary, List.of(parameters), null, Map.of(), null, false, List.of());
    }

    AlgorithmSchema predictingRatings(String variant) {
        return new AlgorithmSchema(name, summary, parameters, variantKey, variants, variant, staged, searchSpace);
    }

    /** The hyperparameters {@code tune=auto} searches, each one declared here; none: the algorithm is not tuned. */
    AlgorithmSchema tuned(SearchRange... ranges) {
        for (SearchRange range : ranges) {
            if (find(range.name(), k -> null).isEmpty()) {
                throw new IllegalStateException(name + " searches " + range.name() + " but does not declare it");
            }
        }
        return new AlgorithmSchema(name, summary, parameters, variantKey, variants, ratingsVariant, staged, List.of(ranges));
    }

    /** Adds the hyperparameters that exist only when {@code variantKey} (a declared choice) has {@code value}. */
    AlgorithmSchema variant(String key, String value, Hyperparameter... specific) {
        Map<String, List<Hyperparameter>> all = new LinkedHashMap<>(variants);
        all.put(value, List.of(specific));
        return new AlgorithmSchema(name, summary, parameters, key, all, ratingsVariant, staged, searchSpace);
    }

    AlgorithmSchema withStages() {
        return new AlgorithmSchema(name, summary, parameters, variantKey, variants, ratingsVariant, true, searchSpace);
    }

    /** The variant the values select (the declared default when they name none); null without variants. */
    public String variant(Function<String, String> values) {
        if (variantKey == null) {
            return null;
        }
        String chosen = values.apply(variantKey);
        return chosen != null ? chosen.trim() : find(variantKey, k -> null).orElseThrow().defaultValue();
    }

    /** Every hyperparameter the values' variant takes, the common ones first. */
    public List<Hyperparameter> declared(Function<String, String> values) {
        List<Hyperparameter> all = new ArrayList<>(parameters);
        String variant = variant(values);
        if (variant != null) {
            all.addAll(variants.getOrDefault(variant, List.of()));
        }
        return all;
    }

    public Optional<Hyperparameter> find(String key, Function<String, String> values) {
        for (Hyperparameter p : parameters) {
            if (p.name().equals(key)) {
                return Optional.of(p);
            }
        }
        if (variantKey != null) {
            String variant = variant(values);
            for (Hyperparameter p : variants.getOrDefault(variant, List.of())) {
                if (p.name().equals(key)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    public boolean predictsRatings(Function<String, String> values) {
        return ALWAYS.equals(ratingsVariant) || ratingsVariant != null && ratingsVariant.equals(variant(values));
    }
}
