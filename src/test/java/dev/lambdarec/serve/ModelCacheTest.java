package dev.lambdarec.serve;

import dev.lambdarec.store.StoreLayout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.local.LocalS3Server;
import dev.lambdarec.local.LocalTrainingJob;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.ModelRegistry;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.prepare.PrepareDefaults;
import dev.lambdarec.prepare.PrepareRequestParser;
import dev.lambdarec.prepare.PrepareService;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.s3.S3ObjectStore;
import dev.lambdarec.synth.SyntheticInteractions;
import dev.lambdarec.synth.SyntheticSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** Model lifecycle against the in-process S3 server, with real trained models. */
class ModelCacheTest {
    private static LocalS3Server server;
    private static S3Client s3;
    private static ObjectStore store;
    private static ModelCard ease;
    private static ModelCard popular;

    @TempDir
    static Path dir;

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-22T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    static void trainTwoModels() throws Exception {
        server = LocalS3Server.inMemory();
        server.createBucket("serve-test");
        s3 = server.client();
        store = new S3ObjectStore(s3, "serve-test");
        new SyntheticInteractions(SyntheticSpec.movielensLike(4).withSize(150, 300, 6_000)).writeMovieLens100k(dir.resolve("raw"));
        String datasetId = new PrepareService(store, dir.resolve("work"), true, Clock.systemUTC()).prepare(
                new PrepareRequestParser(PrepareDefaults.STANDARD).parse(new ObjectMapper().readTree(
                        "{\"source\":\"" + dir.resolve("raw") + "\",\"format\":\"movielens-100k\"}"))).datasetId();
        LocalTrainingJob job = new LocalTrainingJob(store, dir.resolve("jobs"));
        ease = job.run(datasetId, Map.of("algorithm", "ease", "lambda", "100"));
        popular = job.run(datasetId, Map.of("algorithm", "popular"));
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        server.close();
    }

    @Test
    void loadsOnFirstUseSwapsAfterTheRefreshAndRefusesACorruptModel() throws Exception {
        ModelRegistry registry = new ModelRegistry(store, dir.resolve("scratch"));
        ManualClock clock = new ManualClock();
        ModelCache cache = new ModelCache(registry, Duration.ofSeconds(30), clock);
        store.put(StoreLayout.CURRENT_MODEL, "{}".getBytes(), "application/json");
        assertThatThrownBy(cache::get).isInstanceOf(NoModelException.class).hasMessageContaining("names no modelId");

        registry.promote(ease, "ndcg@10", clock);
        clock.now = clock.now.plusSeconds(31);
        assertThat(cache.get().modelId()).isEqualTo(ease.modelId());

        registry.promote(popular, "ndcg@10", clock);
        assertThat(cache.get().modelId()).as("not before the refresh period").isEqualTo(ease.modelId());
        clock.now = clock.now.plusSeconds(31);
        assertThat(cache.get().modelId()).isEqualTo(popular.modelId());

        // a promoted model whose weights were altered is refused; the previous one keeps serving
        String corruptId = "ease-corrupted";
        for (String key : store.list("models/" + ease.modelId() + "/")) {
            store.put(key.replace(ease.modelId(), corruptId), store.open(key).readAllBytes(), "application/octet-stream");
        }
        store.put("models/" + corruptId + "/weights.npz", "garbage".getBytes(), "application/octet-stream");
        store.put(StoreLayout.CURRENT_MODEL, ("{\"modelId\":\"" + corruptId + "\"}").getBytes(), "application/json");
        clock.now = clock.now.plusSeconds(31);
        assertThat(cache.get().modelId()).isEqualTo(popular.modelId());
        ModelCache fresh = new ModelCache(registry, Duration.ofSeconds(30), clock);
        assertThatThrownBy(fresh::get).isInstanceOf(NoModelException.class).hasMessageContaining("weights.npz has sha256");
    }

    @Test
    void responsesNeverMixTwoModelsDuringSwaps() throws Exception {
        ModelRegistry registry = new ModelRegistry(store, dir.resolve("scratch2"));
        registry.promote(ease, "ndcg@10", Clock.systemUTC());
        ModelCache cache = new ModelCache(registry, Duration.ZERO, Clock.systemUTC()); // looks at the pointer on every request
        Map<String, ServingModel> byId = new ConcurrentHashMap<>();
        for (ModelCard card : List.of(ease, popular)) {
            byId.put(card.modelId(), registry.load(card.modelId()));
        }
        Predictor predictor = new Predictor(PredictLimits.DEFAULT);
        ObjectMapper json = new ObjectMapper();
        String body = "{\"instances\":[{\"user\":\"1\",\"item\":\"1\"},{\"user\":\"2\",\"item\":\"5\"},{\"user\":\"3\",\"item\":\"9\"},{\"user\":\"7\",\"item\":\"2\"}]}";
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<String> promoted = new java.util.concurrent.atomic.AtomicReference<>(ease.modelId());
        java.util.concurrent.Semaphore servedPromoted = new java.util.concurrent.Semaphore(0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                workers.add(pool.submit(() -> {
                    int checked = 0;
                    while (!stop.get()) {
                        JsonNode response = predictor.predict(cache.get(), json.readTree(body));
                        ServingModel named = byId.get(response.get("model").asText());
                        JsonNode expected = predictor.predict(named, json.readTree(body));
                        assertThat(response.get("predictions")).isEqualTo(expected.get("predictions"));
                        checked++;
                        if (named.modelId().equals(promoted.get())) {
                            servedPromoted.release();
                        }
                    }
                    return checked;
                }));
            }
            for (int swap = 0; swap < 12; swap++) {
                ModelCard next = swap % 2 == 0 ? popular : ease;
                promoted.set(next.modelId());
                servedPromoted.drainPermits();
                registry.promote(next, "ndcg@10", Clock.systemUTC());
                // each swap is served by the workers before the next one: waited for, not timed
                assertThat(servedPromoted.tryAcquire(5, 120, java.util.concurrent.TimeUnit.SECONDS))
                        .as("five answers from %s after swap %d", next.modelId(), swap).isTrue();
            }
            stop.set(true);
            int total = 0;
            for (Future<Integer> worker : workers) {
                total += worker.get();
            }
            assertThat(total).isGreaterThanOrEqualTo(12 * 5);
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }
}
