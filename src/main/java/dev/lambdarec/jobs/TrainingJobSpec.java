package dev.lambdarec.jobs;

import dev.lambdarec.common.Hashing;
import java.util.Map;
import java.util.TreeMap;

/** One training job: which dataset, which algorithm, which hyperparameters (as SageMaker passes them, strings). */
public record TrainingJobSpec(String datasetId, String algorithm, Map<String, String> hyperparameters) {

    /**
     * Derived from the request, so the same request twice names the same job (and does not start a second one).
     * SageMaker job names: at most 63 characters of [a-zA-Z0-9-].
     */
    public String jobName() {
        String digest = Hashing.sha256(datasetId + ";" + algorithm + ";" + new TreeMap<>(hyperparameters)).substring(0, 16);
        return "lambdarec-" + algorithm.replaceAll("[^a-zA-Z0-9]", "") + "-" + digest;
    }

    /** The hyperparameters the trainer reads, algorithm included. */
    public Map<String, String> trainerHyperparameters() {
        Map<String, String> all = new TreeMap<>(hyperparameters);
        all.put("algorithm", algorithm);
        return all;
    }
}
