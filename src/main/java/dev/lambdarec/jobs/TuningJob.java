package dev.lambdarec.jobs;

import java.util.Optional;

/**
 * A tuning job's state as the launcher reports it (SageMaker's words: InProgress, Completed, Failed, Stopped), and
 * its best training job so far: name, objective value and where that job's model archive is.
 */
public record TuningJob(String name, String status, String failureReason, String bestTrainingJob, Double bestObjective,
                        String bestModelArtifacts) {

    /** The port register reads a tuning job through (SageMaker's DescribeHyperParameterTuningJob in AWS). */
    public interface Lookup {
        Optional<TuningJob> describe(String name);
    }
}
