package dev.lambdarec.local;

import dev.lambdarec.store.StoreLayout;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.train.Trainer;
import dev.lambdarec.train.TrainerMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A training job on this machine with the same contract as the SageMaker job: the dataset's files are
 * copied from the object store into {@code input/data/train/} of a fresh job root, the hyperparameters go to
 * {@code input/config/hyperparameters.json}, the trainer runs as a child process (TrainerMain, as in the
 * container), and {@code model/} is uploaded to {@code models/<modelId>/} with model.json last.
 */
public final class LocalTrainingJob {

    private final ObjectStore store;
    private final Path jobsDir;

    public LocalTrainingJob(ObjectStore store, Path jobsDir) {
        this.store = store;
        this.jobsDir = jobsDir;
    }

    /**
     * The trainer as a child JVM on this JVM's class path, as a training container runs it: its log goes to
     * {@code output/trainer.log} and the console; a failure is read back from {@code output/failure}.
     */
    private static ModelCard runChild(Path root, Trainer trainer) throws Exception {
        Path log = root.resolve("output/trainer.log");
        int exit = ChildJvm.run(TrainerMain.class.getName(), java.util.List.of("--root", root.toString()), log, root.getFileName().toString().replaceFirst("-[0-9]+$", ""));
        if (exit != 0) {
            Path failure = trainer.failureFile();
            String reason = Files.exists(failure) ? Files.readString(failure) : "exit status " + exit + " (see " + log + ")";
            throw new IllegalArgumentException(reason.replaceFirst("^IllegalArgumentException: ", ""));
        }
        return dev.lambdarec.model.ModelArtifacts.readCard(trainer.modelDir());
    }

    public ModelCard run(String datasetId, Map<String, String> hyperparameters) throws Exception {
        return run(datasetId, hyperparameters, null);
    }

    /** A job that also measures {@code champion} (a model id, or null) on the new test split, as SageMaker's does. */
    public ModelCard run(String datasetId, Map<String, String> hyperparameters, String champion) throws Exception {
        Path root = Files.createDirectories(jobsDir).resolve(hyperparameters.getOrDefault("algorithm", "job") + "-" + System.nanoTime());
        Path channel = download(StoreLayout.dataset(datasetId), root.resolve("input/data/" + StoreLayout.TRAINING_CHANNEL));
        if (!Files.exists(channel.resolve(StoreLayout.MANIFEST))) {
            throw new IllegalArgumentException("no dataset " + datasetId + " in " + store.uri(StoreLayout.DATASETS));
        }
        if (champion != null) {
            download(StoreLayout.model(champion), root.resolve("input/data/" + StoreLayout.CHAMPION_CHANNEL));
        }
        Files.createDirectories(root.resolve("input/config"));
        Files.write(root.resolve("input/config/hyperparameters.json"), new ObjectMapper().writeValueAsBytes(hyperparameters));
        Trainer trainer = new Trainer(root, Clock.systemUTC());
        ModelCard card = runChild(root, trainer);
        String modelPrefix = StoreLayout.model(card.modelId());
        for (String name : card.files().keySet()) {
            store.put(modelPrefix + name, trainer.modelDir().resolve(name),
                    name.endsWith(".html") ? "text/html" : name.endsWith(".gz") ? "application/gzip" : "application/octet-stream");
        }
        store.put(modelPrefix + StoreLayout.MODEL_CARD, trainer.modelDir().resolve(StoreLayout.MODEL_CARD), "application/json");
        return card;
    }

    /** A prefix's objects into a channel directory, as SageMaker's S3Prefix channels arrive in File mode. */
    private Path download(String prefix, Path channel) throws java.io.IOException {
        Files.createDirectories(channel);
        for (String key : store.list(prefix)) {
            store.download(key, channel.resolve(key.substring(prefix.length())));
        }
        return channel;
    }
}
