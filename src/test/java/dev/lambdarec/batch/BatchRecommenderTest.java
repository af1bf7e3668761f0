package dev.lambdarec.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.batch.redis.RedisRecommendationStore;
import dev.lambdarec.local.LocalRedisServer;
import dev.lambdarec.local.LocalS3Server;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.prepare.BadRequestException;
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
            BatchRecommender batch = new BatchRecommender(store, SETTINGS, Clock.systemUTC());
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
            new BatchRecommender(store, SETTINGS, Clock.systemUTC()).run(MODEL, new BatchRequest("run-1", 0, 1));
            assertThat(store.currentRun()).contains("run-1");

            AtomicInteger writes = new AtomicInteger();
            LocalRedisServer dying = redis;
            RecommendationStore killedAfterOneBatch = new RecommendationStore() {
                @Override
                public void write(String runId, List<Entry> entries, Duration ttl) {
                    if (writes.incrementAndGet() == 2) {
                        try {
                            dying.stop();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    store.write(runId, entries, ttl);
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
            };
            BatchRecommender oneThread = new BatchRecommender(killedAfterOneBatch, new BatchRecommender.Settings(5, 7, Duration.ofHours(1)), Clock.systemUTC());
            assertThatThrownBy(() -> oneThread.run(MODEL, new BatchRequest("run-2", 0, 1)))
                    .isInstanceOf(RecommendationStoreException.class)
                    .hasMessageContaining("Redis");

            redis = LocalRedisServer.start(port, dir.resolve("redis")); // same data directory: what was written survives
            RedisRecommendationStore after = store(redis);
            assertThat(after.currentRun()).as("the previous complete run stays current").contains("run-1");
            assertThat(after.read("run-1", MODEL.userId(0))).isPresent();

            assertThat(new BatchRecommender(after, SETTINGS, Clock.systemUTC()).run(MODEL, new BatchRequest("run-2", 0, 1)).completedRun()).isTrue();
            assertThat(after.currentRun()).contains("run-2");
        } finally {
            redis.close();
        }
    }

    @Test
    void runFiltersWorkLikePredicts() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            RedisRecommendationStore store = store(redis);
            new BatchRecommender(store, new BatchRecommender.Settings(5, 7, Duration.ofHours(1), java.util.Set.of("War"), java.util.Set.of("i2")),
                    Clock.systemUTC()).run(MODEL, new BatchRequest("filtered", 0, 1));
            for (int u = 0; u < MODEL.numUsers(); u++) {
                for (JsonNode entry : JSON.readTree(store.read("filtered", MODEL.userId(u)).orElseThrow()).get("items")) {
                    int item = MODEL.itemIndex(entry.get("item").asText());
                    assertThat(MODEL.genres(item)).contains("War");
                    assertThat(entry.get("item").asText()).isNotEqualTo("i2");
                }
            }
        }
    }

    @Test
    void requestsAreTheScheduledEventOrAShard() throws Exception {
        BatchRequest scheduled = BatchRequest.parse(JSON.readTree(Files.readString(Path.of("events/batch-scheduled.json"))));
        assertThat(scheduled).isEqualTo(new BatchRequest("20261122T020000Z", 0, 1));
        assertThat(BatchRequest.parse(JSON.readTree(Files.readString(Path.of("events/batch-shard.json")))))
                .isEqualTo(new BatchRequest("20261122T020000Z", 2, 4));
        assertThatThrownBy(() -> BatchRequest.parse(JSON.readTree("{\"shard\":4,\"shards\":4,\"run\":\"r\"}")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("shard must be an integer between 0 and shards-1 (3), was 4");
        assertThat(BatchRequest.parse(JSON.readTree("{\"shard\":7,\"shards\":8,\"run\":\"2026-11-22T02:00:00.123Z\"}")).runId())
                .as("the run id the Step Functions fan-out passes: its execution's start time").isEqualTo("2026-11-22T02:00:00.123Z");
        assertThatThrownBy(() -> BatchRequest.parse(JSON.readTree("{\"shard\":0,\"shards\":1,\"run\":\"../x\"}")))
                .hasMessageContaining("run must be 1-64 letters");
        assertThatThrownBy(() -> BatchRequest.parse(JSON.readTree("{\"shard\":0}"))).hasMessageContaining("needs shard, shards and run");
        assertThatThrownBy(() -> BatchRequest.parse(JSON.readTree("{\"detail-type\":\"Scheduled Event\",\"time\":\"yesterday\"}")))
                .hasMessageContaining("time must be an ISO-8601 instant");
    }
}
