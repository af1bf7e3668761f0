package dev.lambdarec.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * {@code models/<modelId>/model.json}: the provenance of a trained model (algorithm, every hyperparameter
 * with defaults filled in, the dataset it learned from, its metrics and timings, checksums of its files) and
 * which scorer family reads its weights.npz (and, for a two-stage model, what each stage is).
 */
public record ModelCard(
        int schemaVersion,
        String modelId,
        String algorithm,
        String family,
        String datasetId,
        Map<String, String> hyperparameters,
        Map<String, Double> metrics,
        Map<String, Double> timingsSeconds,
        String created,
        int numUsers,
        int numItems,
        Map<String, FileEntry> files,
        List<Epoch> curve,
        String producer,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Stage> stages,
        @JsonInclude(JsonInclude.Include.NON_NULL) Champion champion,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Search> tuning) {

    public static final int SCHEMA_VERSION = 1;

    public record FileEntry(String sha256, long bytes) {
    }

    /** One stage of a model made of others (two-stage: retriever, ranker); null for a single model. */
    public record Stage(String role, String algorithm, String family, Map<String, String> hyperparameters) {
    }

    /**
     * The model that was current when this one trained, measured by the same evaluator on this model's test split
     * (what register compares, README "Champion and challenger"); {@code error} says why it could not be, and then
     * the gate keeps this model out. Null when there was no current model.
     */
    public record Champion(String modelId, String datasetId, Map<String, Double> metrics, int knownUsers, int knownItems,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
        public static Champion failed(String modelId, String error) {
            return new Champion(modelId, null, Map.of(), 0, 0, error);
        }
    }

    /** This card with its files listed. */
    public ModelCard withFiles(Map<String, FileEntry> files) {
        return new ModelCard(schemaVersion, modelId, algorithm, family, datasetId, hyperparameters, metrics, timingsSeconds,
                created, numUsers, numItems, files, curve, producer, stages, champion, tuning);
    }

    /**
     * One {@code tune=auto} search (per stage for a two-stage model: {@code role} names it, null for a single model):
     * every trial's setting of the searched hyperparameters and its validation metric, and which trial was chosen
     * and trained on all training data. The validation split is cut from the training interactions only.
     */
    public record Search(@JsonInclude(JsonInclude.Include.NON_NULL) String role, String algorithm, String method,
                         String metric, long seed, int validationInteractions, int budgetTrials, double budgetSeconds,
                         List<Trial> trials, int chosen, double seconds) {
        public Trial best() {
            return trials.get(chosen);
        }
    }

    /** One trial of a search: the setting (searched keys only), its validation metric, the time it took. */
    public record Trial(int trial, Map<String, String> setting, double validation, double seconds) {
    }

    /** One point of the training curve. */
    public record Epoch(int epoch, double loss, double seconds, Double validation) {
    }
}
