package dev.lambdarec.register;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarec.common.BadRequestException;

/**
 * A training job's state change: EventBridge's "SageMaker Training Job State Change" as AWS sends it (model
 * artifacts as model.tar.gz under S3ModelArtifacts), or the local launcher's equivalent (detail-type "Local
 * Training Job State Change", the model already under detail.ModelPrefix).
 */
public record TrainingJobEvent(String jobName, String status, String failureReason, String artifactUri, String modelPrefix) {

    public static TrainingJobEvent parse(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new BadRequestException("register expects a training job state change event");
        }
        String type = event.path("detail-type").asText("");
        if (!type.equals("SageMaker Training Job State Change") && !type.equals("Local Training Job State Change")) {
            throw new BadRequestException("detail-type must be 'SageMaker Training Job State Change' or 'Local Training Job State Change', was '" + type + "'");
        }
        JsonNode detail = event.path("detail");
        String job = detail.path("TrainingJobName").asText("");
        String status = detail.path("TrainingJobStatus").asText("");
        if (job.isEmpty()) {
            throw new BadRequestException("detail.TrainingJobName is missing");
        }
        if (status.isEmpty()) {
            throw new BadRequestException("detail.TrainingJobStatus is missing");
        }
        String artifact = detail.path("ModelArtifacts").path("S3ModelArtifacts").asText(null);
        String prefix = detail.path("ModelPrefix").asText(null);
        if (status.equals("Completed") && artifact == null && prefix == null) {
            throw new BadRequestException("a completed job needs detail.ModelArtifacts.S3ModelArtifacts or detail.ModelPrefix");
        }
        return new TrainingJobEvent(job, status, detail.path("FailureReason").asText(null), artifact, prefix);
    }
}
