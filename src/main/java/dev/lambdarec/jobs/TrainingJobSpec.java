package dev.lambdarec.jobs;

import dev.lambdarec.common.Hashing;
import java.util.Map;
import java.util.TreeMap;

/**
 * One training job: which dataset, which algorithm, which hyperparameters (as SageMaker passes them, strings);
 * optionally the instance type asked for, the current model to measure on the new split ({@code champion}), and
 * the retraining run it belongs to.
 */
public record TrainingJobSpec(String datasetId, String algorithm, Map<String, String> hyperparameters,
                              String instanceType, String champion, String run) {

    /**
     * Jobs of a retraining: the state machine registers them itself, so their names stay outside the job-state
     * rule's {@code lambdarec-} prefix (an EventBridge pattern cannot both require one prefix and exclude a longer one).
     */
    public static final String RETRAIN_PREFIX = "retrain-lambdarec-";

    public TrainingJobSpec(String datasetId, String algorithm, Map<String, String> hyperparameters) {
        this(datasetId, algorithm, hyperparameters, null, null, null);
    }

    public TrainingJobSpec withChampion(String modelId) {
        return new TrainingJobSpec(datasetId, algorithm, hyperparameters, instanceType, modelId, run);
    }

    public TrainingJobSpec inRun(String retrainRun) {
        return new TrainingJobSpec(datasetId, algorithm, hyperparameters, instanceType, champion, retrainRun);
    }

    /**
     * Derived from the request, so the same request twice names the same job (and does not start a second one); a
     * retraining run's jobs carry its name in the digest, since SageMaker never reuses a job name. SageMaker job
     * names: at most 63 characters of [a-zA-Z0-9-].
     */
    public String jobName() {
        String digest = Hashing.sha256(datasetId + ";" + algorithm + ";" + new TreeMap<>(hyperparameters)
                + (run == null ? "" : ";run=" + run)).substring(0, 16);
        return (run == null ? "lambdarec-" : RETRAIN_PREFIX) + algorithm.replaceAll("[^a-zA-Z0-9]", "") + "-" + digest;
    }

    /** The instance asked for, else the family's default: GPU for neural algorithms, CPU for the classic ones. */
    public String instanceType(String cpuDefault, String gpuDefault) {
        if (instanceType != null) {
            return instanceType;
        }
        return AlgorithmSchemas.needsGpu(algorithm, hyperparameters) ? gpuDefault : cpuDefault;
    }

    /** The hyperparameters the trainer reads, algorithm included. */
    public Map<String, String> trainerHyperparameters() {
        Map<String, String> all = new TreeMap<>(hyperparameters);
        all.put("algorithm", algorithm);
        return all;
    }
}
