package dev.lambdarec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambdarec.eval.Evaluator;
import dev.lambdarec.local.LocalS3Server;
import dev.lambdarec.local.LocalTrainingJob;
import dev.lambdarec.model.ModelArtifacts;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.common.Hashing;
import dev.lambdarec.prepare.PrepareDefaults;
import dev.lambdarec.prepare.PrepareRequestParser;
import dev.lambdarec.prepare.PrepareResult;
import dev.lambdarec.prepare.PrepareService;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.s3.S3ObjectStore;
import dev.lambdarec.synth.SyntheticInteractions;
import dev.lambdarec.synth.SyntheticSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The trainer in the SageMaker container layout, on a dataset made by prepare and kept in the local S3 server. */
class TrainerTest {
    private static LocalS3Server server;
    private static S3Client s3;
    private static ObjectStore store;
    private static String datasetId;

    @TempDir
    Path dir;

    @BeforeAll
    static void prepareADataset(@TempDir Path shared) throws Exception {
        server = LocalS3Server.inMemory();
        server.createBucket("train-test");
        s3 = server.client();
        store = new S3ObjectStore(s3, "train-test");
        new SyntheticInteractions(new SyntheticSpec(300, 400, 15_000, 4, 0.6, 6.0, 3)).writeMovieLens100k(shared.resolve("raw"));
        PrepareResult prepared = new PrepareService(store, shared.resolve("work"), true, Clock.systemUTC()).prepare(
                new PrepareRequestParser(PrepareDefaults.STANDARD).parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        "{\"source\":\"" + shared.resolve("raw") + "\",\"format\":\"movielens-100k\",\"split\":\"leave-last:3\",\"testNegatives\":50}")));
        datasetId = prepared.datasetId();
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        server.close();
    }

    @Test
    void trainsEvaluatesAndPublishesAVerifiableModel() throws Exception {
        ModelCard card = new LocalTrainingJob(store, dir).run(datasetId, Map.of("algorithm", "ease", "lambda", "50"));

        assertThat(card.modelId()).matches("ease-[0-9a-f]{12}");
        assertThat(card.datasetId()).isEqualTo(datasetId);
        assertThat(card.hyperparameters()).containsEntry("lambda", "50").containsEntry("algorithm", "ease");
        assertThat(card.metrics()).containsKeys("precision@10", "recall@10", "ndcg@10", "map@10", "map_at_k@10",
                "hit_rate@10", "mrr@10", "coverage@10", "sampled_hr@10", "sampled_ndcg@10");
        String prefix = "models/" + card.modelId() + "/";
        assertThat(store.list(prefix)).containsExactlyInAnyOrder(prefix + "model.json", prefix + "weights.npz", prefix + "report.html",
                prefix + "users.tsv.gz", prefix + "items.tsv.gz");

        Path local = dir.resolve("downloaded");
        store.download(prefix + "model.json", local.resolve("model.json"));
        for (String name : card.files().keySet()) {
            store.download(prefix + name, local.resolve(name));
        }
        for (var file : card.files().entrySet()) {
            assertThat(Hashing.sha256(local.resolve(file.getKey()))).isEqualTo(file.getValue().sha256());
        }
        assertThat(Files.readString(local.resolve("report.html"))).contains("<svg", card.modelId(), "ndcg");

        // the exported model reproduces the trainer's own metrics
        ModelArtifacts.Loaded loaded = ModelArtifacts.load(local);
        Path dataset = Files.createDirectories(dir.resolve("dataset"));
        for (String key : store.list("datasets/" + datasetId + "/")) {
            store.download(key, dataset.resolve(key.substring(key.lastIndexOf('/') + 1)));
        }
        TrainingData data = TrainingData.load(dataset);
        // positives keep their timestamps (negatives, timestamp 0, are not among them): EASE's session term reads them
        assertThat(data.trainTimes).hasSize(data.trainUsers.length);
        assertThat(java.util.Arrays.stream(data.trainTimes).allMatch(t -> t > 0)).isTrue();
        assertThat(Evaluator.ranking(loaded.scorer(), data.test, 10).get("ndcg@10")).isEqualTo(card.metrics().get("ndcg@10"));
    }

    @Test
    void localLauncherRunsJobsAsChildProcessesAndReportsTheirStates() throws Exception {
        try (dev.lambdarec.local.LocalLauncher launcher = new dev.lambdarec.local.LocalLauncher(store, dir.resolve("launcher"))) {
            var good = new dev.lambdarec.jobs.TrainingJobSpec(datasetId, "popular", Map.of());
            var bad = new dev.lambdarec.jobs.TrainingJobSpec(datasetId, "ials", Map.of("factors", "lots"));
            assertThat(launcher.start(good).status()).isEqualTo("InProgress");
            launcher.start(bad);
            assertThat(launcher.start(good).jobName()).isEqualTo(good.jobName()); // the same request finds the same job
            var done = launcher.await(good.jobName(), java.time.Duration.ofMinutes(10));
            assertThat(done.status()).isEqualTo("Completed");
            assertThat(store.exists(done.modelArtifacts() + "model.json")).isTrue();
            var failed = launcher.await(bad.jobName(), java.time.Duration.ofMinutes(10));
            assertThat(failed.status()).isEqualTo("Failed");
            assertThat(failed.failureReason()).contains("hyperparameter factors must be an integer, was 'lots'");
            assertThat(Files.readString(dir.resolve("launcher").resolve(Files.list(dir.resolve("launcher"))
                    .filter(p -> p.getFileName().toString().startsWith("ials")).findFirst().orElseThrow().getFileName())
                    .resolve("output/trainer.log"))).contains("hyperparameter factors must be an integer");
        }
    }

    @Test
    void theSameJobTwiceGivesTheSameModelId() throws Exception {
        ModelCard a = new LocalTrainingJob(store, dir).run(datasetId, Map.of("algorithm", "popular"));
        ModelCard b = new LocalTrainingJob(store, dir).run(datasetId, Map.of("algorithm", "popular"));
        assertThat(b.modelId()).isEqualTo(a.modelId());
    }

    private Path jobRoot(String hyperparameters) throws Exception {
        Path root = dir.resolve("job");
        Files.createDirectories(root.resolve("input/config"));
        Files.writeString(root.resolve("input/config/hyperparameters.json"), hyperparameters);
        Path channel = Files.createDirectories(root.resolve("input/data/train"));
        for (String key : store.list("datasets/" + datasetId + "/")) {
            store.download(key, channel.resolve(key.substring(key.lastIndexOf('/') + 1)));
        }
        return root;
    }

    @Test
    void failuresAreWrittenWhereSageMakerLooks() throws Exception {
        Path root = jobRoot("{\"algorithm\":\"ease\",\"lamda\":\"5\"}");
        assertThatThrownBy(() -> new Trainer(root, Clock.systemUTC()).run()).hasMessageContaining("unknown hyperparameter(s) [lamda]");
        assertThat(Files.readString(root.resolve("output/failure"))).contains("unknown hyperparameter(s) [lamda]");

        Path other = jobRoot("{\"algorithm\":\"deep-magic\"}");
        assertThatThrownBy(() -> new Trainer(other, Clock.systemUTC()).run()).hasMessageContaining("unknown algorithm 'deep-magic'");

        Path bad = jobRoot("{\"algorithm\":\"ials\",\"factors\":\"lots\"}");
        assertThatThrownBy(() -> new Trainer(bad, Clock.systemUTC()).run())
                .hasMessageContaining("hyperparameter factors must be an integer, was 'lots'");
    }

    /** ann_min_items=0: the factor model gets its HNSW index, checksummed like every file, loaded by serving. */
    @Test
    void aFactorModelGetsAnAnnIndexServingLoads() throws Exception {
        Path root = jobRoot("{\"algorithm\":\"ials\",\"factors\":\"8\",\"iterations\":\"3\",\"ann_min_items\":\"0\"}");
        ModelCard card = new Trainer(root, Clock.systemUTC()).run();
        assertThat(card.files()).containsKey("ann.npz");
        assertThat(card.metrics().get("ann_recall@10")).isGreaterThanOrEqualTo(0.95);
        assertThat(card.hyperparameters()).containsEntry("ann_max_connections", "16").containsEntry("ann_beam_width", "100");
        var served = dev.lambdarec.model.ModelRegistry.verify(root.resolve("model"));
        assertThat(served.scorer().retrieval()).isNotNull();

        Files.write(root.resolve("model/ann.npz"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> dev.lambdarec.model.ModelRegistry.verify(root.resolve("model")))
                .isInstanceOf(dev.lambdarec.model.CorruptModelException.class).hasMessageContaining("ann.npz has sha256");

        Path plain = jobRoot("{\"algorithm\":\"ials\",\"factors\":\"8\",\"iterations\":\"3\"}");
        assertThat(new Trainer(plain, Clock.systemUTC()).run().files()).as("400 items: below the default 50,000").doesNotContainKey("ann.npz");
    }

    @Test
    void aManifestOfAnotherSchemaVersionIsRefusedBeforeTraining() throws Exception {
        Path root = jobRoot("{\"algorithm\":\"popular\"}");
        Path manifest = root.resolve("input/data/train/manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"schemaVersion\"\\s*:\\s*1", "\"schemaVersion\" : 2"));
        assertThatThrownBy(() -> new Trainer(root, Clock.systemUTC()).run())
                .hasMessageContaining("manifest.json has schema version 2; this code reads version 1");
        assertThat(Files.readString(root.resolve("output/failure"))).contains("schema version 2");
        assertThat(root.resolve("model/model.json")).doesNotExist();

        Path noVersion = jobRoot("{\"algorithm\":\"popular\"}");
        Path other = noVersion.resolve("input/data/train/manifest.json");
        Files.writeString(other, Files.readString(other).replaceFirst("\"schemaVersion\"\\s*:\\s*1\\s*,", ""));
        assertThatThrownBy(() -> new Trainer(noVersion, Clock.systemUTC()).run()).hasMessageContaining("manifest.json has no schemaVersion");
    }

    @Test
    void iterativeTrainingRecordsItsCurve() throws Exception {
        Path root = jobRoot("{\"algorithm\":\"ials\",\"factors\":\"8\",\"iterations\":\"4\",\"eval_every\":\"2\"}");
        ModelCard card = new Trainer(root, Clock.systemUTC()).run();
        assertThat(card.curve()).hasSize(4);
        assertThat(card.curve().get(1).validation()).isNotNull();
        assertThat(card.curve().get(0).validation()).isNull();
        assertThat(card.curve().get(3).loss()).isLessThan(card.curve().get(0).loss());
        assertThat(ModelArtifacts.readCard(root.resolve("model"))).isEqualTo(card);
    }
}
