package dev.lambdarec.functions;

import dev.lambdarec.store.StoreLayout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lambdarec.jobs.JobStatus;
import dev.lambdarec.jobs.TrainRequest;
import dev.lambdarec.jobs.TrainingJobSpec;
import dev.lambdarec.jobs.TrainingLauncher;
import dev.lambdarec.model.ModelArtifacts;
import dev.lambdarec.common.BadRequestException;
import dev.lambdarec.store.ObjectStore;

/**
 * The train function: {@code {"dataset","algorithm","hyperparameters"}} starts a job (the same request twice finds
 * the same job) and answers its handle and state; {@code {"status":"<jobName>"}} reports a job's state.
 */
public final class TrainHandler {
    private final ObjectStore store;
    private final TrainingLauncher launcher;

    public TrainHandler(ObjectStore store, TrainingLauncher launcher) {
        this.store = store;
        this.launcher = launcher;
    }

    public JsonNode handle(JsonNode body) {
        try {
            if (body != null && body.isObject() && body.has("status")) {
                String job = body.get("status").asText("");
                return launcher.status(job).<JsonNode>map(ModelArtifacts.JSON::valueToTree)
                        .orElseGet(() -> Answer.errorBody("status: no training job named '" + job + "'"));
            }
            TrainingJobSpec spec = TrainRequest.parse(body);
            if (!store.exists(StoreLayout.datasetFile(spec.datasetId(), StoreLayout.MANIFEST))) {
                return Answer.errorBody("dataset: no dataset '" + spec.datasetId() + "' in " + store.uri(StoreLayout.DATASETS));
            }
            JobStatus status = launcher.start(spec);
            return JsonNodeFactory.instance.objectNode().put("job", status.jobName()).put("status", status.status())
                    .put("secondaryStatus", status.secondaryStatus());
        } catch (BadRequestException e) {
            return Answer.errorBody(e.getMessage());
        }
    }
}
