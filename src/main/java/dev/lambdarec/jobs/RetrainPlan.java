package dev.lambdarec.jobs;

import dev.lambdarec.common.BadRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one retraining trains: each algorithm on the new dataset, every job given the current model as its champion
 * (so register compares the two on the new split; a champion whose model.json cannot be read fails that measurement,
 * and the gate then keeps the new model out), all named after the run. When the current model learned from
 * this very dataset there is nothing new to learn: no job at all ({@code unchanged}).
 */
public record RetrainPlan(String datasetId, String champion, boolean unchanged, List<TrainingJobSpec> jobs) {

    /** What the schedule trains unless a request names others (template.yaml's RetrainAlgorithms). */
    public static final String DEFAULT_ALGORITHMS = "ials,two-stage";

    public static RetrainPlan of(String datasetId, List<String> algorithms, Map<String, Map<String, String>> hyperparameters,
                                 String run, String champion, String championDataset) {
        if (algorithms.isEmpty()) {
            throw new BadRequestException("algorithms: name at least one (known: " + AlgorithmSchemas.names() + ")");
        }
        for (String algorithm : hyperparameters.keySet()) {
            if (!algorithms.contains(algorithm)) {
                throw new BadRequestException("hyperparameters." + algorithm + ": " + algorithm + " is not among the algorithms " + algorithms);
            }
        }
        List<TrainingJobSpec> jobs = new ArrayList<>();
        for (String algorithm : algorithms) {
            if (!AlgorithmSchemas.names().contains(algorithm)) {
                throw new BadRequestException("algorithms: '" + algorithm + "' is not one of " + AlgorithmSchemas.names());
            }
            Map<String, String> values = new LinkedHashMap<>(hyperparameters.getOrDefault(algorithm, Map.of()));
            try {
                AlgorithmSchemas.validate(algorithm, values);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("hyperparameters." + algorithm + ": " + e.getMessage());
            }
            jobs.add(new TrainingJobSpec(datasetId, algorithm, values).withChampion(champion).inRun(run));
        }
        if (datasetId.equals(championDataset)) { // after the checks: a bad schedule fails on its first run, not on new data
            return new RetrainPlan(datasetId, champion, true, List.of());
        }
        return new RetrainPlan(datasetId, champion, false, List.copyOf(jobs));
    }

    /** "ials, two-stage" -> [ials, two-stage]. */
    public static List<String> algorithms(String list) {
        List<String> out = new ArrayList<>();
        for (String name : list.split(",")) {
            if (!name.isBlank() && !out.contains(name.trim())) {
                out.add(name.trim());
            }
        }
        return out;
    }
}
