package dev.lambdarec.functions;

import dev.lambdarec.store.StoreLayout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.jobs.JobStatus;
import dev.lambdarec.jobs.RetrainPlan;
import dev.lambdarec.jobs.TrainRequest;
import dev.lambdarec.jobs.TrainingJobSpec;
import dev.lambdarec.jobs.TrainingLauncher;
import dev.lambdarec.jobs.TuningJob;
import dev.lambdarec.jobs.TuningJobSpec;
import dev.lambdarec.model.ModelArtifacts;
import dev.lambdarec.common.BadRequestException;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.ModelRegistry;
import dev.lambdarec.store.ObjectStore;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The train function: {@code {"dataset","algorithm","hyperparameters","instanceType"}} starts a job (the same
 * request twice finds the same job) and answers its handle and state; {@code {"status":"<jobName>"}} reports a job's
 * state; {@code {"retrain":{"dataset","algorithms","run"}}} plans a retraining ({@link RetrainPlan}) and answers each
 * job's CreateTrainingJob request for the retrain state machine to start; the same request with
 * {@code "tune":{"maxJobs":20,"parallelJobs":2}} starts a SageMaker tuning job instead ({@link TuningJobSpec}),
 * whose state {@code {"status":"tune-..."}} reports. Every job measures the current model too.
 */
public final class TrainHandler {
    private static final Set<String> RETRAIN_FIELDS = Set.of("dataset", "algorithms", "hyperparameters", "run");

    private final ObjectStore store;
    private final TrainingLauncher launcher;
    private final ModelRegistry registry;

    public TrainHandler(ObjectStore store, TrainingLauncher launcher, ModelRegistry registry) {
        this.store = store;
        this.launcher = launcher;
        this.registry = registry;
    }

    public JsonNode handle(JsonNode body) {
        try {
            if (body != null && body.isObject() && body.has("status")) {
                String job = body.get("status").asText("");
                if (job.startsWith(TuningJobSpec.PREFIX)) {
                    return launcher.tuningStatus(job).<JsonNode>map(ModelArtifacts.JSON::valueToTree)
                            .orElseGet(() -> Answer.errorBody("status: no tuning job named '" + job + "'"));
                }
                return launcher.status(job).<JsonNode>map(ModelArtifacts.JSON::valueToTree)
                        .orElseGet(() -> Answer.errorBody("status: no training job named '" + job + "'"));
            }
            if (body != null && body.isObject() && body.has("retrain")) {
                return retrain(body.get("retrain"));
            }
            if (body != null && body.isObject() && body.has("tune")) {
                TuningJobSpec spec = TuningJobSpec.parse(body);
                requireDataset(spec.job().datasetId());
                TuningJob tuning = launcher.startTuning(spec.withChampion(champion()));
                return JsonNodeFactory.instance.objectNode().put("tuningJob", tuning.name()).put("status", tuning.status());
            }
            TrainingJobSpec spec = TrainRequest.parse(body);
            requireDataset(spec.datasetId());
            JobStatus status = launcher.start(spec.withChampion(champion()));
            return JsonNodeFactory.instance.objectNode().put("job", status.jobName()).put("status", status.status())
                    .put("secondaryStatus", status.secondaryStatus());
        } catch (BadRequestException e) {
            return Answer.errorBody(e.getMessage());
        }
    }

    /** The current model, measured by every job on the new split so register compares like with like. */
    private String champion() {
        return registry.current().map(ModelRegistry.Current::modelId).orElse(null);
    }

    private void requireDataset(String datasetId) {
        if (!store.exists(StoreLayout.datasetFile(datasetId, StoreLayout.MANIFEST))) {
            throw new BadRequestException("dataset: no dataset '" + datasetId + "' in " + store.uri(StoreLayout.DATASETS));
        }
    }

    /** The plan, and each job as the request its service takes. */
    private JsonNode retrain(JsonNode request) {
        RetrainPlan plan = plan(store, registry, request);
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("dataset", plan.datasetId()).put("champion", plan.champion())
                .put("unchanged", plan.unchanged());
        ArrayNode jobs = out.putArray("jobs");
        plan.jobs().forEach(spec -> jobs.add(launcher.request(spec)));
        return out;
    }

    /** A retrain request read and planned: the same code for the state machine's step and for run-local --retrain. */
    public static RetrainPlan plan(ObjectStore store, ModelRegistry registry, JsonNode request) {
        if (request == null || !request.isObject()) {
            throw new BadRequestException("retrain must be an object like {\"dataset\":\"...\",\"algorithms\":\"ials,two-stage\",\"run\":\"...\"}");
        }
        dev.lambdarec.common.StrictJson.requireKnownFields(request, RETRAIN_FIELDS, "retrain");
        String dataset = request.path("dataset").asText("");
        String run = request.path("run").asText("");
        if (!run.matches("[A-Za-z0-9_-]{1,80}")) {
            throw new BadRequestException("retrain.run must name the run (the execution's name: 1 to 80 of A-Z a-z 0-9 _ -), was " + request.get("run"));
        }
        JsonNode listed = request.path("algorithms");
        List<String> algorithms = new java.util.ArrayList<>();
        if (listed.isArray()) {
            listed.forEach(name -> algorithms.add(name.asText()));
        } else if (listed.isTextual() || listed.isMissingNode() || listed.isNull()) {
            algorithms.addAll(RetrainPlan.algorithms(listed.isTextual() ? listed.asText() : RetrainPlan.DEFAULT_ALGORITHMS));
        } else {
            throw new BadRequestException("retrain.algorithms must be a list of algorithms or a comma-separated string");
        }
        Map<String, Map<String, String>> hyperparameters = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = request.path("hyperparameters").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isObject()) {
                throw new BadRequestException("retrain.hyperparameters." + entry.getKey() + " must be an object of names to values");
            }
            Map<String, String> values = new LinkedHashMap<>();
            entry.getValue().fields().forEachRemaining(v -> values.put(v.getKey(), v.getValue().asText()));
            hyperparameters.put(entry.getKey(), values);
        }
        if (!store.exists(StoreLayout.datasetFile(dataset, StoreLayout.MANIFEST))) {
            throw new BadRequestException("retrain.dataset: no dataset '" + dataset + "' in " + store.uri(StoreLayout.DATASETS));
        }
        String champion = registry.current().map(ModelRegistry.Current::modelId).orElse(null);
        String championDataset = champion == null ? null : registry.card(champion).map(ModelCard::datasetId).orElse(null);
        return RetrainPlan.of(dataset, algorithms, hyperparameters, run, champion, championDataset);
    }
}
