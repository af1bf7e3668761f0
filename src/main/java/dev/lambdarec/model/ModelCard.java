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
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Stage> stages) {

    public static final int SCHEMA_VERSION = 1;

    public record FileEntry(String sha256, long bytes) {
    }

    /** One stage of a model made of others (two-stage: retriever, ranker); null for a single model. */
    public record Stage(String role, String algorithm, String family, Map<String, String> hyperparameters) {
    }

    /** One point of the training curve. */
    public record Epoch(int epoch, double loss, double seconds, Double validation) {
    }
}
