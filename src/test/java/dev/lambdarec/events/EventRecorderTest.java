package dev.lambdarec.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.batch.redis.RedisRecentEvents;
import dev.lambdarec.local.LocalRedisServer;
import dev.lambdarec.local.LocalS3Server;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.StoreLayout;
import dev.lambdarec.store.StoreUnavailableException;
import dev.lambdarec.store.s3.S3ObjectStore;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Events recorded into a real Redis server and the in-process S3 server. */
class EventRecorderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalS3Server s3Server;
    private static S3Client s3;
    private static ObjectStore store;
    private static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        s3Server = LocalS3Server.inMemory();
        s3Server.createBucket("events-test");
        s3 = s3Server.client();
        store = new S3ObjectStore(s3, "events-test");
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close();
        s3.close();
        s3Server.close();
    }

    private static EventBatch batch(String subjectField, String id, String events) throws Exception {
        return EventBatch.parse(JSON.readTree("{\"" + subjectField + "\":\"" + id + "\",\"events\":[" + events + "]}"),
                EventBatchTest.LIMITS, EventBatchTest.NOW);
    }

    private static String read(String key) throws Exception {
        try (InputStream in = store.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void eventsReachTheStoreAndTheRecentListAndARepeatIsStoredOnce() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            RedisRecentEvents recent = new RedisRecentEvents(Redis.createClient(vertx, redis.uri()));
            EventRecorder recorder = new EventRecorder(store, recent, 3, Duration.ofHours(1));
            String events = "{\"item\":\"242\",\"type\":\"click\",\"timestamp\":\"2026-12-01T10:00:00Z\",\"eventId\":\"e-1\"},"
                    + "{\"item\":\"a,\\\"b\\\"\",\"type\":\"rating\",\"value\":4.5,\"timestamp\":1796119300,\"eventId\":\"e-2\"},"
                    + "{\"item\":\"9\",\"type\":\"hover\"}";
            JsonNode first = recorder.record(batch("user", "196", events));
            assertThat(first.get("user").asText()).isEqualTo("196");
            assertThat(first.get("accepted").asInt()).isEqualTo(2);
            assertThat(first.get("stored").asInt()).isEqualTo(2);
            assertThat(first.get("rejected").get(0).get("index").asInt()).isEqualTo(2);
            assertThat(first.get("recent").asText()).isEqualTo("updated");
            String key = StoreLayout.events(1796119300L, "user:196", List.of("e-2", "e-1"));
            assertThat(key).startsWith("events/dt=2026-12-01/").endsWith(".csv");
            assertThat(read(key)).as("the call's events of a day in one object, in the call's order").isEqualTo(EventRecorder.CSV_HEADER
                    + "\n196,242,1.0,1796119200,click,e-1\n196,\"a,\"\"b\"\"\",4.5,1796119300,rating,e-2\n");
            assertThat(store.list("events/")).containsExactly(key);

            JsonNode again = recorder.record(batch("user", "196", events));
            assertThat(again.get("stored").asInt()).isZero();
            assertThat(again.get("duplicates").asInt()).isEqualTo(2);
            assertThat(store.list("events/")).as("a call sent again is stored once").containsExactly(key);
            List<String> list = recent.recent("user:196", 10);
            assertThat(list).as("and listed once, newest first").hasSize(2);
            assertThat(JSON.readTree(list.get(0)).get("eventId").asText()).isEqualTo("e-2");

            // the list keeps the newest 3; a session has a list of its own
            recorder.record(batch("user", "196", "{\"item\":\"7\",\"type\":\"view\",\"eventId\":\"e-3\"},{\"item\":\"8\",\"type\":\"view\",\"eventId\":\"e-4\"}"));
            assertThat(recent.recent("user:196", 10)).hasSize(3);
            recorder.record(batch("session", "196", "{\"item\":\"1\",\"type\":\"view\",\"eventId\":\"e-1\"}"));
            assertThat(recent.recent("session:196", 10)).hasSize(1);
            assertThat(read(StoreLayout.events(EventBatchTest.NOW.getEpochSecond(), "session:196", List.of("e-1")))).contains("\nsession:196,1,1.0,");
        }
    }

    /** Eight invocations send the same event at once: the store's create-if-absent lets exactly one store it. */
    @Test
    void concurrentCopiesOfOneEventAreStoredOnce() throws Exception {
        EventRecorder recorder = new EventRecorder(store, null, 50, Duration.ofHours(1));
        EventBatch batch = batch("user", "race", "{\"item\":\"1\",\"type\":\"purchase\",\"eventId\":\"p-1\"}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<JsonNode>> answers = new java.util.ArrayList<>();
            for (int n = 0; n < 8; n++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return recorder.record(batch);
                }));
            }
            go.countDown();
            int stored = 0;
            for (Future<JsonNode> answer : answers) {
                JsonNode a = answer.get(60, TimeUnit.SECONDS);
                stored += a.get("stored").asInt();
                assertThat(a.get("recent").asText()).isEqualTo("not configured");
            }
            assertThat(stored).isEqualTo(1);
            assertThat(store.list("events/").stream().filter(k -> k.equals(StoreLayout.events(EventBatchTest.NOW.getEpochSecond(), "user:race", List.of("p-1")))))
                    .hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * An event id repeated within a call is stored once; a call's events of two days go to two objects, one a day;
     * an event id sent again in another call is that call's (prepare merges the repeated user and item).
     */
    @Test
    void aCallWritesOneObjectADayAndItsRepeatsOnce() throws Exception {
        EventRecorder recorder = new EventRecorder(store, null, 50, Duration.ofHours(1));
        JsonNode answer = recorder.record(batch("user", "days", "{\"item\":\"1\",\"type\":\"view\",\"timestamp\":\"2026-11-30T23:59:59Z\",\"eventId\":\"y-1\"},"
                + "{\"item\":\"2\",\"type\":\"view\",\"timestamp\":\"2026-12-01T00:00:00Z\",\"eventId\":\"y-2\"},"
                + "{\"item\":\"2\",\"type\":\"view\",\"timestamp\":\"2026-12-01T00:00:00Z\",\"eventId\":\"y-2\"}"));
        assertThat(answer.get("accepted").asInt()).isEqualTo(3);
        assertThat(answer.get("stored").asInt()).isEqualTo(2);
        assertThat(answer.get("duplicates").asInt()).isEqualTo(1);
        String before = StoreLayout.events(1796083199L, "user:days", List.of("y-1"));
        String after = StoreLayout.events(1796083200L, "user:days", List.of("y-2"));
        assertThat(before).startsWith("events/dt=2026-11-30/");
        assertThat(after).startsWith("events/dt=2026-12-01/");
        assertThat(read(before)).isEqualTo(EventRecorder.CSV_HEADER + "\ndays,1,1.0,1796083199,view,y-1\n");
        assertThat(read(after)).isEqualTo(EventRecorder.CSV_HEADER + "\ndays,2,1.0,1796083200,view,y-2\n");

        JsonNode later = recorder.record(batch("user", "days", "{\"item\":\"1\",\"type\":\"view\",\"timestamp\":\"2026-11-30T23:59:59Z\",\"eventId\":\"y-1\"},"
                + "{\"item\":\"3\",\"type\":\"view\",\"timestamp\":\"2026-11-30T23:59:59Z\",\"eventId\":\"y-3\"}"));
        assertThat(later.get("stored").asInt()).isEqualTo(2);
        assertThat(store.list("events/dt=2026-11-30/")).hasSize(2).contains(before);
    }

    /**
     * Redis stopped in the middle of the call, after the events reached the store and before the list is updated:
     * the events are stored all the same, and the answer says the list was not updated.
     */
    @Test
    void withRedisStoppedMidCallTheEventsStillReachTheStore() throws Exception {
        LocalRedisServer redis = LocalRedisServer.start();
        RedisRecentEvents live = new RedisRecentEvents(Redis.createClient(vertx, redis.uri()));
        RecentEvents stoppedMidCall = new RecentEvents() {
            @Override
            public void add(String subject, List<String> events, int keep, Duration ttl) {
                try {
                    redis.stop();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                live.add(subject, events, keep, ttl);
            }

            @Override
            public List<String> recent(String subject, int max) {
                return live.recent(subject, max);
            }
        };
        EventRecorder recorder = new EventRecorder(store, stoppedMidCall, 50, Duration.ofHours(1));
        JsonNode answer = recorder.record(batch("user", "down", "{\"item\":\"2\",\"type\":\"view\",\"eventId\":\"d-1\"},"
                + "{\"item\":\"3\",\"type\":\"view\",\"eventId\":\"d-2\"}"));
        assertThat(answer.get("stored").asInt()).isEqualTo(2);
        assertThat(answer.get("recent").asText()).startsWith("unavailable (the events are stored");
        assertThat(read(StoreLayout.events(EventBatchTest.NOW.getEpochSecond(), "user:down", List.of("d-1", "d-2"))))
                .contains("\ndown,2,1.0,").contains("\ndown,3,1.0,");
    }

    /** The store refusing: the call fails before Redis hears of the events, and a retry finds what was written. */
    @Test
    void withTheStoreDownTheCallFailsAndRedisIsUntouched() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            RedisRecentEvents recent = new RedisRecentEvents(Redis.createClient(vertx, redis.uri()));
            ObjectStore failing = new dev.lambdarec.testing.CountingStore(store) {
                @Override
                public boolean putIf(String key, byte[] bytes, String contentType, String etag) {
                    throw new StoreUnavailableException("the object store did not answer for " + uri(key), null);
                }
            };
            EventRecorder recorder = new EventRecorder(failing, recent, 50, Duration.ofHours(1));
            assertThatThrownBy(() -> recorder.record(batch("user", "s3down", "{\"item\":\"1\",\"type\":\"view\",\"eventId\":\"x-1\"}")))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThat(recent.recent("user:s3down", 10)).isEmpty();
        }
    }
}
