package dev.lambdarec.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.batch.redis.RedisRecommendationStore;
import dev.lambdarec.local.LocalRedisServer;
import dev.lambdarec.local.LocalS3Server;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.recommend.ItemFilter;
import dev.lambdarec.recommend.Recommender;
import dev.lambdarec.common.BadRequestException;
import dev.lambdarec.serve.PredictorTest;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch runs against a real Redis server. */
class BatchRecommenderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ServingModel MODEL = PredictorTest.model("m-batch", 5);
    private static final BatchRecommender.Settings SETTINGS = new BatchRecommender.Settings(5, 7, Duration.ofHours(1));
    private static Vertx vertx;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() {
        vertx.close();
    }

    private static RedisRecommendationStore store(LocalRedisServer redis) {
        return new RedisRecommendationStore(Redis.createClient(vertx, redis.uri()), java.net.URI.create(redis.uri()));
    }

    @Test
    void everyUserGetsExactlyTheScorersTopKAndTheRunGoesLiveAfterItsLastShard() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            RedisRecommendationStore store = store(redis);
            BatchRecommender batch = new BatchRecommender(store, Recommender.unfiltered(), SETTINGS, Clock.systemUTC());
            long users = 0;
            for (int shard = 0; shard < 3; shard++) {
                BatchRecommender.Result result = batch.run(MODEL, new BatchRequest("20261122T020000Z", shard, 3));
                users += result.users();
                assertThat(result.completedRun()).isEqualTo(shard == 2);
                assertThat(store.currentRun()).isEqualTo(shard == 2 ? java.util.Optional.of("20261122T020000Z") : java.util.Optional.empty());
            }
            assertThat(users).isEqualTo(MODEL.numUsers());
            float[] scratch = new float[MODEL.numItems()];
            for (int u = 0; u < MODEL.numUsers(); u++) {
                JsonNode list = JSON.readTree(store.read("20261122T020000Z", MODEL.userId(u)).orElseThrow());
                int[] expected = MODEL.scorer().recommend(u, 5, scratch);
                assertThat(list.get("user").asText()).isEqualTo(MODEL.userId(u));
                assertThat(list.get("model").asText()).isEqualTo("m-batch");
                assertThat(list.get("items")).hasSize(5);
                for (int r = 0; r < 5; r++) {
                    assertThat(list.get("items").get(r).get("item").asText()).isEqualTo(MODEL.itemId(expected[r]));
                }
            }
            // a re-run shard rewrites the same keys and counts once
            assertThat(batch.run(MODEL, new BatchRequest("20261122T020000Z", 1, 3)).completedRun()).isTrue();
            // an older run finishing late does not take rec:current back
            batch.run(MODEL, new BatchRequest("20261121T020000Z", 0, 1));
            assertThat(store.currentRun()).contains("20261122T020000Z");
        }
    }

    @Test
    void redisDyingMidRunFailsTheRunAndKeepsThePreviousOneCurrent(@TempDir Path dir) throws Exception {
        int port = LocalS3Server.freePort();
        LocalRedisServer redis = LocalRedisServer.start(port, dir.resolve("redis"));
        try {
            RedisRecommendationStore store = store(redis);
            new BatchRecommender(store, Recommender.unfiltered(), SETTINGS, Clock.systemUTC()).run(MODEL, new BatchRequest("20261120T020000Z", 0, 1));
            assertThat(store.currentRun()).contains("20261120T020000Z");

            AtomicInteger writes = new AtomicInteger();
            LocalRedisServer dying = redis;
            RecommendationStore killedAfterOneBatch = new Delegating(store) {
                @Override
                public void write(String runId, List<Entry> entries) {
                    if (writes.incrementAndGet() == 2) {
                        try {
                            dying.stop();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    store.write(runId, entries);
                }
            };
            BatchRecommender oneThread = new BatchRecommender(killedAfterOneBatch, Recommender.unfiltered(), new BatchRecommender.Settings(5, 7, Duration.ofHours(1)), Clock.systemUTC());
            assertThatThrownBy(() -> oneThread.run(MODEL, new BatchRequest("20261121T020000Z", 0, 1)))
                    .isInstanceOf(RecommendationStoreException.class)
                    .hasMessageContaining("Redis");

            redis = LocalRedisServer.start(port, dir.resolve("redis")); // same data directory: what was written survives
            RedisRecommendationStore after = store(redis);
            assertThat(after.currentRun()).as("the previous complete run stays current").contains("20261120T020000Z");
            assertThat(after.read("20261120T020000Z", MODEL.userId(0))).isPresent();

            assertThat(new BatchRecommender(after, Recommender.unfiltered(), SETTINGS, Clock.systemUTC()).run(MODEL, new BatchRequest("20261121T020000Z", 0, 1)).completedRun()).isTrue();
            assertThat(after.currentRun()).contains("20261121T020000Z");
        } finally {
            redis.close();
        }
    }

    @Test
    void runFiltersWorkLikePredicts() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            RedisRecommendationStore store = store(redis);
            new BatchRecommender(store, new Recommender(ItemFilter.standing(java.util.Set.of("War"), java.util.Set.of("i2"))),
                    SETTINGS, Clock.systemUTC()).run(MODEL, new BatchRequest("20261119T020000Z", 0, 1));
            for (int u = 0; u < MODEL.numUsers(); u++) {
                for (JsonNode entry : JSON.readTree(store.read("20261119T020000Z", MODEL.userId(u)).orElseThrow()).get("items")) {
                    int item = MODEL.itemIndex(entry.get("item").asText());
                    assertThat(MODEL.genres(item)).contains("War");
                    assertThat(entry.get("item").asText()).isNotEqualTo("i2");
                }
            }
        }
    }

    /** Schedules name runs 20261122T020000Z, Step Functions 2026-11-23T02:00:00.123Z: one order for both. */
    @Test
    void runIdsOfBothFormsFlipInTimeOrderAndTheLiveRunNeverExpires() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            RedisRecommendationStore store = store(redis);
            BatchRecommender batch = new BatchRecommender(store, Recommender.unfiltered(), SETTINGS, Clock.systemUTC());
            String scheduled = BatchRequest.parse(JSON.readTree("{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"time\":\"2026-11-22T02:00:00Z\"}")).runId();
            String fanned = BatchRequest.parse(JSON.readTree("{\"shard\":0,\"shards\":1,\"run\":\"2026-11-23T02:00:00.123Z\"}")).runId();
            String nextNight = BatchRequest.parse(JSON.readTree("{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"time\":\"2026-11-24T02:00:00Z\"}")).runId();
            assertThat(List.of(scheduled, fanned, nextNight)).containsExactly("20261122T020000Z", "20261123T020000.123Z", "20261124T020000Z");
            assertThat(RunIds.orderKey(scheduled)).isLessThan(RunIds.orderKey(fanned));

            assertThat(batch.run(MODEL, new BatchRequest(scheduled, 0, 1)).completedRun()).isTrue();
            String user = MODEL.userId(0);
            io.vertx.redis.client.Redis client = Redis.createClient(vertx, redis.uri());
            java.util.function.Function<String, Long> ttl = key -> client.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.TTL).arg(key))
                    .toCompletionStage().toCompletableFuture().join().toLong();
            assertThat(ttl.apply("rec:" + scheduled + ":" + user)).as("the live run has no TTL").isEqualTo(-1L);

            assertThat(batch.run(MODEL, new BatchRequest(fanned, 0, 1)).completedRun()).as("a later run of the other form flips").isTrue();
            assertThat(store.currentRun()).contains(fanned);
            assertThat(ttl.apply("rec:" + fanned + ":" + user)).isEqualTo(-1L);
            assertThat(ttl.apply("rec:" + scheduled + ":" + user)).as("the replaced run expires its TTL from now").isBetween(3590L, 3600L);
            String item = MODEL.itemId(3);
            assertThat(store.readSimilar(fanned, item)).as("similar items flip with the user lists").isPresent();
            assertThat(JSON.readTree(store.readSimilar(fanned, item).orElseThrow()).get("items").findValuesAsText("item")).hasSize(5).doesNotContain(item);
            assertThat(ttl.apply("sim:" + fanned + ":" + item)).isEqualTo(-1L);
            assertThat(ttl.apply("sim:" + scheduled + ":" + item)).as("and expire with them").isBetween(3590L, 3600L);

            assertThat(batch.run(MODEL, new BatchRequest(scheduled, 0, 1)).completedRun()).as("an older run never flips back").isFalse();
            assertThat(store.currentRun()).contains(fanned);
            assertThat(ttl.apply("rec:" + fanned + ":" + user)).isEqualTo(-1L);

            // two failed nights: whatever happens, the live run keeps its lists
            BatchRecommender failing = new BatchRecommender(new Delegating(store) {
                @Override
                public void write(String runId, List<Entry> entries) {
                    store.write(runId, entries);
                    throw new RecommendationStoreException("the night's run dies", null);
                }
            }, Recommender.unfiltered(), SETTINGS, Clock.systemUTC());
            for (String night : List.of("20261124T020000Z", "20261125T020000Z")) {
                assertThatThrownBy(() -> failing.run(MODEL, new BatchRequest(night, 0, 1))).isInstanceOf(RecommendationStoreException.class);
            }
            assertThat(store.currentRun()).contains(fanned);
            assertThat(ttl.apply("rec:" + fanned + ":" + user)).isEqualTo(-1L);
            assertThat(store.read(fanned, user)).isPresent();

            String later = "20261126T020000Z";
            assertThat(batch.run(MODEL, new BatchRequest(later, 0, 1)).completedRun()).isTrue();
            assertThat(ttl.apply("rec:20261124T020000Z:" + user)).as("a failed night's lists expire once a run replaced the live one").isPositive();
            assertThat(ttl.apply("rec:" + fanned + ":" + user)).isBetween(3590L, 3600L);
            assertThat(ttl.apply("rec:" + later + ":" + user)).isEqualTo(-1L);
            client.close();
        }
    }

    @Test
    void aUserNamedLikeBookkeepingCannotCollideWithIt() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            RedisRecommendationStore store = store(redis);
            store.write("20261122T020000Z", List.of(new RecommendationStore.Entry("shards-done", "{\"user\":\"shards-done\"}")));
            assertThat(store.finishShard("20261122T020000Z", 0, 1, Duration.ofHours(1))).isTrue();
            assertThat(store.read("20261122T020000Z", "shards-done")).contains("{\"user\":\"shards-done\"}");
        }
    }

    @Test
    void requestsAreTheScheduledEventOrAShard() throws Exception {
        BatchRequest scheduled = BatchRequest.parse(JSON.readTree(Files.readString(Path.of("events/batch-scheduled.json"))));
        assertThat(scheduled).isEqualTo(new BatchRequest("20261122T020000Z", 0, 1));
        assertThat(BatchRequest.parse(JSON.readTree(Files.readString(Path.of("events/batch-shard.json")))))
                .isEqualTo(new BatchRequest("20261122T020000Z", 2, 4));
        assertThatThrownBy(() -> BatchRequest.parse(JSON.readTree("{\"shard\":4,\"shards\":4,\"run\":\"r\"}")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("shard (0 to shards-1) must be a whole number between 0 and 3, was 4");
        assertThat(BatchRequest.parse(JSON.readTree("{\"shard\":7,\"shards\":8,\"run\":\"2026-11-22T02:00:00.123Z\"}")).runId())
                .as("the run id the Step Functions fan-out passes (its execution's start time), canonical").isEqualTo("20261122T020000.123Z");
        assertThatThrownBy(() -> BatchRequest.parse(JSON.readTree("{\"shard\":0,\"shards\":1,\"run\":\"../x\"}")))
                .hasMessageContaining("run must be the run's UTC start instant");
        assertThatThrownBy(() -> BatchRequest.parse(JSON.readTree("{\"shard\":0}"))).hasMessageContaining("needs shard, shards and run");
        assertThatThrownBy(() -> BatchRequest.parse(JSON.readTree("{\"detail-type\":\"Scheduled Event\",\"time\":\"yesterday\"}")))
                .hasMessageContaining("time must be the run's UTC start instant");
    }

    /** A store that passes everything to another; tests override the call they break. */
    private static class Delegating implements RecommendationStore {
        private final RecommendationStore store;

        Delegating(RecommendationStore store) {
            this.store = store;
        }

        @Override
        public void write(String runId, List<Entry> entries) {
            store.write(runId, entries);
        }

        @Override
        public boolean finishShard(String runId, int shard, int shards, Duration ttl) {
            return store.finishShard(runId, shard, shards, ttl);
        }

        @Override
        public java.util.Optional<String> currentRun() {
            return store.currentRun();
        }

        @Override
        public java.util.Optional<String> read(String runId, String userId) {
            return store.read(runId, userId);
        }

        @Override
        public java.util.Optional<String> readSimilar(String runId, String itemId) {
            return store.readSimilar(runId, itemId);
        }
    }
}
