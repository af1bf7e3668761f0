package dev.lambdarec.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.common.BadRequestException;
import dev.lambdarec.common.Hashing;
import dev.lambdarec.common.StrictJson;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A SageMaker automatic model tuning job over one algorithm: {@code maxJobs} training jobs, {@code parallelJobs}
 * at a time, each a {@code tune=trial} job on the same dataset that logs its validation nDCG@10 (the objective);
 * the ranges are the algorithm's declared search space ({@link AlgorithmSchemas}) less the keys the request gives,
 * so the tuning job searches the space the trainer's own {@code tune=auto} does.
 */
public record TuningJobSpec(TrainingJobSpec job, int maxJobs, int parallelJobs) {
    public static final int MAX_JOBS = 500;
    public static final int MAX_PARALLEL_JOBS = 100;
    /**
     * Tuning jobs, and so the training jobs they start ({@code <tuning job>-<nnn>-<hash>}), are named outside the
     * job-state rule's {@code lambdarec-} prefix: a trial is not a candidate for promotion, the tuning job's best is.
     */
    public static final String PREFIX = "tune-";
    public static final String OBJECTIVE = "validation:ndcg@10";
    /** What the trainer logs for a {@code tune=trial} job (Tuner), as the tuning job's metric definition reads it. */
    public static final String OBJECTIVE_REGEX = "validation:ndcg@10=([0-9]+\\.[0-9]+);";
    private static final Set<String> FIELDS = Set.of("maxJobs", "parallelJobs");

    /**
     * A train request with {@code "tune":{"maxJobs":20,"parallelJobs":2}}: the rest is checked as any train request,
     * then the algorithm must have a search space with something left to search.
     */
    public static TuningJobSpec parse(JsonNode body) {
        JsonNode tune = body.get("tune");
        if (tune == null || !tune.isObject()) {
            throw new BadRequestException("tune must be an object like {\"maxJobs\":20,\"parallelJobs\":2}");
        }
        StrictJson.requireKnownFields(tune, FIELDS, "tune");
        int maxJobs = count(tune, "maxJobs", 20, MAX_JOBS);
        int parallelJobs = count(tune, "parallelJobs", 2, MAX_PARALLEL_JOBS);
        if (parallelJobs > maxJobs) {
            throw new BadRequestException("tune.parallelJobs (" + parallelJobs + ") cannot exceed tune.maxJobs (" + maxJobs + ")");
        }
        ObjectNode rest = ((ObjectNode) body).deepCopy();
        rest.remove("tune");
        TrainingJobSpec job = TrainRequest.parse(rest);
        if (job.hyperparameters().containsKey("tune")) {
            throw new BadRequestException("hyperparameters.tune: a tuning job sets it (tune=trial) for each of its training jobs");
        }
        TuningJobSpec spec = new TuningJobSpec(job, maxJobs, parallelJobs);
        if (AlgorithmSchemas.byName(job.algorithm()).searchSpace().isEmpty()) {
            throw new BadRequestException("tune: " + job.algorithm() + " declares no search space (tuning jobs search "
                    + AlgorithmSchemas.names().stream().filter(a -> !AlgorithmSchemas.byName(a).searchSpace().isEmpty()).toList()
                    + "; two-stage tunes its stages inside its own job with tune=auto)");
        }
        if (spec.ranges().isEmpty()) {
            throw new BadRequestException("tune: the request gives every hyperparameter " + job.algorithm() + " searches; nothing to tune");
        }
        return spec;
    }

    private static int count(JsonNode tune, String field, int defaultValue, int max) {
        JsonNode value = tune.get(field);
        if (value == null) {
            return defaultValue;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1 || value.asInt() > max) {
            throw new BadRequestException("tune." + field + " must be a whole number from 1 to " + max + ", was " + value);
        }
        return value.asInt();
    }

    /** The searched ranges: the algorithm's search space less the keys the request fixes. */
    public List<SearchRange> ranges() {
        return AlgorithmSchemas.byName(job.algorithm()).searchSpace().stream()
                .filter(range -> !job.hyperparameters().containsKey(range.name())).toList();
    }

    /** What every training job of the tuning job reads besides the searched keys. */
    public Map<String, String> staticHyperparameters() {
        Map<String, String> all = new TreeMap<>(job.trainerHyperparameters());
        all.put("tune", "trial");
        return all;
    }

    /** The job's seed folded into the non-negative int SageMaker's RandomSeed takes, so a search can be repeated. */
    public int randomSeed() {
        return (int) Math.floorMod(Long.parseLong(job.hyperparameters().getOrDefault("seed", "42").trim()), (long) Integer.MAX_VALUE);
    }

    /**
     * Derived from the request (as a training job's is), within SageMaker's 32 characters for a tuning job name:
     * the same request twice finds the same tuning job.
     */
    public String name() {
        String digest = Hashing.sha256(job.datasetId() + ";" + job.algorithm() + ";" + new TreeMap<>(job.hyperparameters())
                + ";" + maxJobs + ";" + parallelJobs).substring(0, 16);
        String algorithm = job.algorithm().replaceAll("[^a-zA-Z0-9]", "");
        return PREFIX + algorithm.substring(0, Math.min(algorithm.length(), 32 - PREFIX.length() - 17)) + "-" + digest;
    }

    public TuningJobSpec withChampion(String modelId) {
        return new TuningJobSpec(job.withChampion(modelId), maxJobs, parallelJobs);
    }
}
