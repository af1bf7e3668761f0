package dev.lambdarec.jobs;

/** A training job's state as the launcher reports it (SageMaker's words: InProgress, Completed, Failed, Stopped). */
public record JobStatus(String jobName, String status, String secondaryStatus, String failureReason, String modelArtifacts) {
}
