package dev.lambdarec.local;

import dev.lambdarec.common.BadRequestException;
import dev.lambdarec.store.StoreLayout;

import dev.lambdarec.jobs.JobStatus;
import dev.lambdarec.jobs.TrainingJobSpec;
import dev.lambdarec.jobs.TrainingLauncher;
import dev.lambdarec.jobs.TuningJob;
import dev.lambdarec.jobs.TuningJobSpec;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.ModelRegistry;
import dev.lambdarec.store.ObjectStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The training-job port on this machine: each job is a {@link LocalTrainingJob} (the trainer as a child process)
 * started in the background, reported with SageMaker's states; a completed job's model sits under
 * {@code models/<modelId>/}, which its status names (what register's local event carries).
 */
public final class LocalLauncher implements TrainingLauncher, AutoCloseable {
    private final LocalTrainingJob jobs;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "local-training-jobs");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, JobStatus> states = new ConcurrentHashMap<>();

    public LocalLauncher(ObjectStore store, Path jobsDir) {
        this.jobs = new LocalTrainingJob(store, jobsDir);
    }

    @Override
    public JobStatus start(TrainingJobSpec spec) {
        String name = spec.jobName();
        JobStatus queued = new JobStatus(name, "InProgress", "Starting", null, null);
        JobStatus existing = states.putIfAbsent(name, queued);
        if (existing != null) {
            return existing;
        }
        runner.submit(() -> {
            update(new JobStatus(name, "InProgress", "Training", null, null));
            try {
                ModelCard card = jobs.run(spec.datasetId(), spec.trainerHyperparameters(), spec.champion());
                update(new JobStatus(name, "Completed", "Completed", null, StoreLayout.model(card.modelId())));
            } catch (Exception | Error e) {
                update(new JobStatus(name, "Failed", "Failed", String.valueOf(e.getMessage()), null));
            }
        });
        return queued;
    }

    /** Locally the job is its spec (the state machine's step runs on AWS only). */
    @Override
    public com.fasterxml.jackson.databind.JsonNode request(TrainingJobSpec spec) {
        return dev.lambdarec.model.ModelArtifacts.JSON.valueToTree(spec);
    }

    @Override
    public Optional<JobStatus> status(String jobName) {
        return Optional.ofNullable(states.get(jobName));
    }

    /**
     * Locally there is no tuning service to hand trials to: the job searches itself ({@code tune=auto}, the default
     * for the algorithms that have a search space), so a tuning request is refused with that said.
     */
    @Override
    public TuningJob startTuning(TuningJobSpec spec) {
        throw new BadRequestException("tune: tuning jobs run on SageMaker; a local " + spec.job().algorithm()
                + " job searches its own hyperparameters with tune=auto (the default): train without \"tune\"");
    }

    @Override
    public Optional<TuningJob> tuningStatus(String name) {
        return Optional.empty();
    }

    private void update(JobStatus status) {
        synchronized (states) {
            states.put(status.jobName(), status);
            states.notifyAll();
        }
    }

    /**
     * Waits for a job to end (Completed or Failed), woken by its state change, for at most {@code deadline}; a job
     * still running then is reported as a failure to wait, not waited for forever.
     */
    public JobStatus await(String jobName, java.time.Duration deadline) throws InterruptedException {
        long until = System.nanoTime() + deadline.toNanos();
        synchronized (states) {
            while (true) {
                JobStatus status = states.get(jobName);
                if (status == null) {
                    throw new IllegalArgumentException("no job " + jobName);
                }
                if (!status.status().equals("InProgress")) {
                    return status;
                }
                long left = until - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("training job " + jobName + " still runs after " + deadline.toSeconds()
                            + " s (" + status.secondaryStatus() + "); its log is in the job's output/trainer.log");
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(states, left);
            }
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
