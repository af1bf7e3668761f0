package dev.lambdarec.local;

import dev.lambdarec.jobs.JobStatus;
import dev.lambdarec.jobs.TrainingJobSpec;
import dev.lambdarec.jobs.TrainingLauncher;
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
            states.put(name, new JobStatus(name, "InProgress", "Training", null, null));
            try {
                ModelCard card = jobs.run(spec.datasetId(), spec.trainerHyperparameters());
                states.put(name, new JobStatus(name, "Completed", "Completed", null, ModelRegistry.MODELS + card.modelId() + "/"));
            } catch (Exception e) {
                states.put(name, new JobStatus(name, "Failed", "Failed", e.getMessage(), null));
            }
        });
        return queued;
    }

    @Override
    public Optional<JobStatus> status(String jobName) {
        return Optional.ofNullable(states.get(jobName));
    }

    /** Waits for a job to end (Completed or Failed). */
    public JobStatus await(String jobName) throws InterruptedException {
        while (true) {
            JobStatus status = states.get(jobName);
            if (status == null) {
                throw new IllegalArgumentException("no job " + jobName);
            }
            if (!status.status().equals("InProgress")) {
                return status;
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
