package dev.lambdarec.jobs;

import java.util.Optional;

/** The training-job port: SageMaker in AWS, a child process locally. */
public interface TrainingLauncher {

    /** Starts the job unless one of the same name exists; returns its status either way. */
    JobStatus start(TrainingJobSpec spec);

    Optional<JobStatus> status(String jobName);

    /** Starts a tuning job unless one of the same name exists; returns its state either way. */
    TuningJob startTuning(TuningJobSpec spec);

    Optional<TuningJob> tuningStatus(String name);

    /**
     * The job as its service's own request, started by someone else: for SageMaker, CreateTrainingJob's JSON body,
     * which a state machine passes to {@code sagemaker:createTrainingJob.sync} unchanged.
     */
    com.fasterxml.jackson.databind.JsonNode request(TrainingJobSpec spec);
}
