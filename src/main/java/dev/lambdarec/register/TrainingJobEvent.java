package dev.lambdarec.register;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarec.common.BadRequestException;
import dev.lambdarec.jobs.TuningJob;

/**
 * A training job's state change: EventBridge's "SageMaker Training Job State Change" as AWS sends it (model
 * artifacts as model.tar.gz under S3ModelArtifacts), or the local launcher's equivalent (detail-type "Local
 * Training Job State Change", the model already under detail.ModelPrefix).
 */
public record TrainingJobEvent(String jobName, String status, String failureReason, String artifactUri, String modelPrefix) {

    public static final String TUNING_JOB_STATE_CHANGE = "SageMaker HyperParameter Tuning Job State Change";

    /**
     * As {@link #parse(JsonNode)}, and also a tuning job's state change: a completed tuning job stands for its best
     * training job (read through {@code tuningJobs}, since the event does not name it), so that one model, chosen on
     * validation by the tuning job, is what register measures against the current one; its trials never are.
     */
    public static TrainingJobEvent parse(JsonNode event, TuningJob.Lookup tuningJobs) {
        if (event == null || !event.isObject() || !event.path("detail-type").asText("").equals(TUNING_JOB_STATE_CHANGE)) {
            return parse(event);
        }
        JsonNode detail = event.path("detail");
        String name = detail.path("HyperParameterTuningJobName").asText("");
        String status = detail.path("HyperParameterTuningJobStatus").asText("");
        if (name.isEmpty() || status.isEmpty()) {
            throw new BadRequestException("a tuning job state change needs detail.HyperParameterTuningJobName and detail.HyperParameterTuningJobStatus");
        }
        if (!status.equals("Completed")) {
            return new TrainingJobEvent(name, status, detail.path("FailureReason").asText(null), null, null);
        }
        TuningJob tuning = tuningJobs.describe(name)
                .orElseThrow(() -> new BadRequestException("no tuning job named '" + name + "'"));
        if (tuning.bestTrainingJob() == null) {
            return new TrainingJobEvent(name, "Failed", "tuning job " + name + " completed with no training job reporting "
                    + "its objective", null, null);
        }
        return new TrainingJobEvent(tuning.bestTrainingJob(), "Completed", null, tuning.bestModelArtifacts(), null);
    }

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
