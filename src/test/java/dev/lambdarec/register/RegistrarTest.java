package dev.lambdarec.register;

import dev.lambdarec.store.StoreLayout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.local.LocalS3Server;
import dev.lambdarec.local.LocalTrainingJob;
import dev.lambdarec.model.ModelArtifacts;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.ModelRegistry;
import dev.lambdarec.prepare.PrepareDefaults;
import dev.lambdarec.prepare.PrepareRequestParser;
import dev.lambdarec.prepare.PrepareService;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.s3.S3ObjectStore;
import dev.lambdarec.synth.SyntheticInteractions;
import dev.lambdarec.synth.SyntheticSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** register on real trained models in the in-process S3 server, with the sample SageMaker events. */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class RegistrarTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "lambdarec-example-bucket"; // the sample events' bucket
    private static LocalS3Server server;
    private static S3Client s3;
    private static ObjectStore store;
    private static ModelCard popular;
    private static ModelCard ease;
    private static ModelRegistry registry;
    private static Registrar registrar;

    @TempDir
    static Path dir;

    @BeforeAll
    static void trainTwoModels() throws Exception {
        server = LocalS3Server.inMemory();
        server.createBucket(BUCKET);
        s3 = server.client();
        store = new S3ObjectStore(s3, BUCKET);
        new SyntheticInteractions(new SyntheticSpec(300, 400, 12_000, 4, 0.6, 6.0, 8)).writeMovieLens100k(dir.resolve("raw"));
        String datasetId = new PrepareService(store, dir.resolve("work"), true, Clock.systemUTC()).prepare(
                new PrepareRequestParser(PrepareDefaults.STANDARD).parse(JSON.readTree(
                        "{\"source\":\"" + dir.resolve("raw") + "\",\"format\":\"movielens-100k\",\"negatives\":0}"))).datasetId();
        LocalTrainingJob jobs = new LocalTrainingJob(store, dir.resolve("jobs"));
        popular = jobs.run(datasetId, Map.of("algorithm", "popular"));
        ease = jobs.run(datasetId, Map.of("algorithm", "ease", "lambda", "50"));
        registry = new ModelRegistry(store, dir.resolve("scratch"));
        registrar = new Registrar(store, registry, new PromotionGate("ndcg@10", 0.0), dir.resolve("register"), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        server.close();
    }

    private static TrainingJobEvent local(String job, ModelCard card) throws Exception {
        return TrainingJobEvent.parse(JSON.readTree("{\"detail-type\":\"Local Training Job State Change\",\"detail\":{"
                + "\"TrainingJobName\":\"" + job + "\",\"TrainingJobStatus\":\"Completed\",\"ModelPrefix\":\"models/" + card.modelId() + "/\"}}"));
    }

    private static JsonNode decisionOf(String prefix) throws Exception {
        return JSON.readTree(store.open(prefix + "decision.json"));
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void betterIsPromotedWorseKeptOutCorruptRejectedFailuresRecorded() throws Exception {
        assertThat(ease.metrics().get("ndcg@10")).isGreaterThan(popular.metrics().get("ndcg@10"));

        assertThat(registrar.register(local("job-popular", popular)).outcome()).isEqualTo("promoted");
        assertThat(registry.current().orElseThrow().modelId()).isEqualTo(popular.modelId());
        Registrar.Decision better = registrar.register(local("job-ease", ease));
        assertThat(better.outcome()).isEqualTo("promoted");
        assertThat(better.currentModelId()).isEqualTo(popular.modelId());
        assertThat(registry.current().orElseThrow().modelId()).isEqualTo(ease.modelId());

        Registrar.Decision worse = registrar.register(local("job-popular-again", popular));
        assertThat(worse.outcome()).isEqualTo("kept-out");
        assertThat(worse.reason()).contains("ndcg@10").contains("higher is better");
        assertThat(decisionOf("models/" + popular.modelId() + "/").get("outcome").asText()).isEqualTo("kept-out");
        assertThat(registry.current().orElseThrow().modelId()).isEqualTo(ease.modelId());

        // a SageMaker archive whose weights do not match their checksum
        Path modelDir = Files.createDirectories(dir.resolve("tampered"));
        for (String key : store.list("models/" + ease.modelId() + "/")) {
            String name = key.substring(key.lastIndexOf('/') + 1);
            if (!name.equals("decision.json")) {
                store.download(key, modelDir.resolve(name));
            }
        }
        Files.writeString(modelDir.resolve("model.json"), Files.readString(modelDir.resolve("model.json")).replace(ease.modelId(), "ease-tampered"));
        Files.write(modelDir.resolve("weights.npz"), "not the weights".getBytes(StandardCharsets.UTF_8));
        store.put("training/tampered/output/model.tar.gz", tarGz(modelDir), "application/gzip");
        Registrar.Decision corrupt = registrar.register(TrainingJobEvent.parse(JSON.readTree(
                "{\"detail-type\":\"SageMaker Training Job State Change\",\"detail\":{\"TrainingJobName\":\"tampered\","
                        + "\"TrainingJobStatus\":\"Completed\",\"ModelArtifacts\":{\"S3ModelArtifacts\":\"s3://" + BUCKET
                        + "/training/tampered/output/model.tar.gz\"}}}")));
        assertThat(corrupt.outcome()).isEqualTo("rejected-corrupt");
        assertThat(corrupt.reason()).contains("weights.npz has sha256");
        assertThat(registry.current().orElseThrow().modelId()).isEqualTo(ease.modelId());

        Registrar.Decision failed = registrar.register(TrainingJobEvent.parse(JSON.readTree(Files.readString(Path.of("events/register-sagemaker-failed.json")))));
        assertThat(failed.outcome()).isEqualTo("job-failed");
        assertThat(failed.reason()).contains("hyperparameter factors must be an integer");
        assertThat(decisionOf("models/jobs/lambdarec-ials-007072de8979/").get("outcome").asText()).isEqualTo("job-failed");
        assertThat(registry.current().orElseThrow().modelId()).isEqualTo(ease.modelId());
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void theSampleSageMakerEventUnpacksAndPublishesTheModel() throws Exception {
        Path modelDir = Files.createDirectories(dir.resolve("from-sagemaker"));
        for (String key : store.list("models/" + ease.modelId() + "/")) {
            String name = key.substring(key.lastIndexOf('/') + 1);
            if (!name.equals("decision.json")) {
                store.download(key, modelDir.resolve(name));
            }
        }
        store.put("training/lambdarec-ease-4455969b9d7a/output/model.tar.gz", tarGz(modelDir), "application/gzip");
        Registrar.Decision decision = registrar.register(TrainingJobEvent.parse(JSON.readTree(
                Files.readString(Path.of("events/register-sagemaker-completed.json")))));
        assertThat(decision.modelId()).isEqualTo(ease.modelId());
        assertThat(decision.outcome()).isIn("promoted", "kept-out");
        assertThat(store.exists("models/" + ease.modelId() + "/weights.npz")).isTrue();
    }

    private static Path copyOfEase(String name) throws Exception {
        Path modelDir = Files.createDirectories(dir.resolve(name));
        for (String key : store.list("models/" + ease.modelId() + "/")) {
            String file = key.substring(key.lastIndexOf('/') + 1);
            if (!file.equals("decision.json")) {
                store.download(key, modelDir.resolve(file));
            }
        }
        return modelDir;
    }

    private static Registrar.Decision registerArchive(String job, Path modelDir) throws Exception {
        store.put("training/" + job + "/output/model.tar.gz", tarGz(modelDir), "application/gzip");
        return registrar.register(TrainingJobEvent.parse(JSON.readTree(
                "{\"detail-type\":\"SageMaker Training Job State Change\",\"detail\":{\"TrainingJobName\":\"" + job + "\","
                        + "\"TrainingJobStatus\":\"Completed\",\"ModelArtifacts\":{\"S3ModelArtifacts\":\"s3://" + BUCKET
                        + "/training/" + job + "/output/model.tar.gz\"}}}")));
    }

    /** A retrain with the same id (same dataset and hyperparameters) must never touch the files being served. */
    @Test
    @org.junit.jupiter.api.Order(3)
    void aSameIdArchiveNeverRewritesTheServedModel() throws Exception {
        String weightsKey = "models/" + ease.modelId() + "/weights.npz";
        byte[] served = store.open(weightsKey).readAllBytes();
        byte[] servedCard = store.open("models/" + ease.modelId() + "/model.json").readAllBytes();

        Path corrupt = copyOfEase("same-id-corrupt");
        Files.write(corrupt.resolve("weights.npz"), "not the weights".getBytes(StandardCharsets.UTF_8));
        Registrar.Decision rejected = registerArchive("same-id-corrupt", corrupt);
        assertThat(rejected.outcome()).isEqualTo("rejected-corrupt");
        assertThat(rejected.reason()).contains("weights.npz has sha256");

        Path differing = copyOfEase("same-id-differing"); // consistent in itself, but not the model stored under that id
        Files.writeString(differing.resolve("model.json"), Files.readString(differing.resolve("model.json"))
                .replaceFirst("\"created\"\\s*:\\s*\"", "\"created\":\"1999-"));
        Registrar.Decision conflict = registerArchive("same-id-differing", differing);
        assertThat(conflict.outcome()).isEqualTo("rejected-conflict");
        assertThat(conflict.reason()).contains("never rewritten");
        assertThat(decisionOf("models/jobs/same-id-differing/").get("outcome").asText()).isEqualTo("rejected-conflict");

        assertThat(store.open(weightsKey).readAllBytes()).isEqualTo(served);
        assertThat(store.open("models/" + ease.modelId() + "/model.json").readAllBytes()).isEqualTo(servedCard);
        assertThat(registry.load(ease.modelId()).card().modelId()).isEqualTo(ease.modelId()); // still loads, checksums hold
        assertThat(registry.current().orElseThrow().modelId()).isEqualTo(ease.modelId());
    }

    /** Two registrations at once, decided on the same pointer: the compare-and-set lets only the better one stand. */
    @Test
    @org.junit.jupiter.api.Order(4)
    @org.junit.jupiter.api.Timeout(600)
    void concurrentRegistrationsAlwaysEndWithTheBetterModelCurrent() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 50; round++) {
                // a baseline on the same dataset every model beats, so both registrations pass the gate on the pointer they read
                store.put(StoreLayout.modelFile("baseline-" + round, StoreLayout.MODEL_CARD), ModelArtifacts.JSON.writeValueAsBytes(
                        new ModelCard(1, "baseline-" + round, "popular", popular.family(), popular.datasetId(), Map.of(),
                                Map.of("ndcg@10", -1.0), Map.of(), "now", 0, 0, Map.of(), List.of(), "test", null, null, null)), "application/json");
                store.put(StoreLayout.CURRENT_MODEL, ("{\"modelId\":\"baseline-" + round + "\",\"metric\":-1.0,\"metricName\":\"ndcg@10\"}")
                        .getBytes(StandardCharsets.UTF_8), "application/json");
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                int r = round;
                var worse = pool.submit(() -> {
                    start.await();
                    return registrar.register(local("race-" + r + "-popular", popular));
                });
                var better = pool.submit(() -> {
                    start.await();
                    return registrar.register(local("race-" + r + "-ease", ease));
                });
                assertThat(better.get().outcome()).as("round %d", round).isEqualTo("promoted");
                worse.get();
                assertThat(registry.current().orElseThrow().modelId()).as("round %d", round).isEqualTo(ease.modelId());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @org.junit.jupiter.api.Order(5)
    void theGateFailsClosedWhenTheCurrentModelCannotBeRead() throws Exception {
        store.put(StoreLayout.CURRENT_MODEL, "{\"modelId\":\"gone-model\"}".getBytes(StandardCharsets.UTF_8), "application/json");
        Registrar.Decision noMetric = registrar.register(local("closed-1", ease));
        assertThat(noMetric.outcome()).isEqualTo("kept-out");
        assertThat(noMetric.reason()).contains("gone-model has no readable model.json; the gate fails closed");
        store.put(StoreLayout.CURRENT_MODEL, "not json".getBytes(StandardCharsets.UTF_8), "application/json");
        Registrar.Decision unreadable = registrar.register(local("closed-2", ease));
        assertThat(unreadable.outcome()).isEqualTo("kept-out");
        assertThat(unreadable.reason()).contains("the current model cannot be read");
        assertThat(store.open(StoreLayout.CURRENT_MODEL).readAllBytes()).isEqualTo("not json".getBytes(StandardCharsets.UTF_8));
        registry.promote(ease, "ndcg@10", Clock.systemUTC());
    }

    /**
     * The local S3 server's conditional writes are atomic, as S3's: 8 writers append 25 tags each to one list by
     * compare-and-set; every tag ends up in it exactly once. (A write whose answer is lost and retried into a 412 is
     * resolved as a careful client does: by reading back whether its tag landed.)
     */
    @Test
    @org.junit.jupiter.api.Timeout(300)
    void compareAndSetOnTheLocalServerLosesNoUpdate() throws Exception {
        String key = "tests/appends-" + java.util.UUID.randomUUID();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> workers = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int writer = t;
                workers.add(pool.submit(() -> {
                    int conflicts = 0;
                    for (int i = 0; i < 25; i++) {
                        String tag = writer + "-" + i;
                        while (true) {
                            var now = store.read(key, 1 << 16);
                            java.util.List<String> tags = now.map(v -> java.util.List.of(new String(v.bytes(), StandardCharsets.UTF_8).split(",")))
                                    .orElse(java.util.List.of());
                            if (tags.contains(tag)) {
                                break; // it landed; its answer did not
                            }
                            String next = now.isEmpty() ? tag : String.join(",", tags) + "," + tag;
                            if (store.putIf(key, next.getBytes(StandardCharsets.UTF_8), "text/plain",
                                    now.map(ObjectStore.Versioned::etag).orElse(null))) {
                                break;
                            }
                            conflicts++;
                        }
                    }
                    return conflicts;
                }));
            }
            int conflicts = 0;
            for (var worker : workers) {
                conflicts += worker.get();
            }
            java.util.List<String> tags = java.util.List.of(new String(store.open(key).readAllBytes(), StandardCharsets.UTF_8).split(","));
            assertThat(tags).hasSize(200).doesNotHaveDuplicates();
            assertThat(conflicts).as("the writers did race").isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void gateDirections() {
        assertThat(new PromotionGate("ndcg@10", 0.01).passes(0.50, 0.48)).isTrue();
        assertThat(new PromotionGate("ndcg@10", 0.01).passes(0.485, 0.48)).isFalse();
        assertThat(new PromotionGate("rmse", 0.0).passes(0.90, 0.91)).isTrue();
        assertThat(new PromotionGate("rmse", 0.0).passes(0.92, 0.91)).isFalse();
        assertThat(new PromotionGate("ndcg@10", 0.0).passes(0.1, null)).isTrue();
        assertThat(new PromotionGate("ndcg@10", 0.0).passes(null, 0.1)).isFalse();
    }

    /** A gzipped ustar archive of a directory's files, as SageMaker packs /opt/ml/model. */
    static byte[] tarGz(Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes); var files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                byte[] content = Files.readAllBytes(file);
                byte[] header = new byte[512];
                put(header, 0, file.getFileName().toString());
                put(header, 100, "0000644");
                put(header, 108, "0000000");
                put(header, 116, "0000000");
                put(header, 124, String.format("%011o", content.length));
                put(header, 136, String.format("%011o", 0));
                header[156] = '0';
                put(header, 257, "ustar");
                put(header, 263, "00");
                java.util.Arrays.fill(header, 148, 156, (byte) ' ');
                int sum = 0;
                for (byte b : header) {
                    sum += b & 0xFF;
                }
                put(header, 148, String.format("%06o", sum));
                header[154] = 0;
                out.write(header);
                out.write(content);
                out.write(new byte[(512 - content.length % 512) % 512]);
            }
            out.write(new byte[1024]);
        }
        return bytes.toByteArray();
    }

    private static void put(byte[] header, int at, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, at, b.length);
    }
}
