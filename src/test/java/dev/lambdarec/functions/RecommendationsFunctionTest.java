package dev.lambdarec.functions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lambdarec.batch.BatchRecommender;
import dev.lambdarec.batch.BatchRequest;
import dev.lambdarec.batch.redis.RedisRecommendationStore;
import dev.lambdarec.model.ModelRegistry;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.store.s3.S3ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The read function with the sample body: lists of the current run, popular fallback for strangers. */
@QuarkusTest
@TestProfile(RecommendationsFunctionTest.Profile.class)
@QuarkusTestResource(LocalInfraResource.class)
class RecommendationsFunctionTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "recommendations");
        }
    }

    @BeforeAll
    static void runABatch() throws Exception {
        var card = LocalInfraResource.trainAndPromote(dev.lambdarec.synth.SyntheticSpec.movielensLike(11).withSize(943, 1682, 30_000),
                Map.of("algorithm", "ials", "factors", "8"));
        Vertx vertx = Vertx.vertx();
        try (S3Client s3 = LocalInfraResource.s3.client()) {
            ServingModel model = new ModelRegistry(new S3ObjectStore(s3, LocalInfraResource.BUCKET),
                    Files.createTempDirectory("reco")).load(card.modelId());
            new BatchRecommender(new RedisRecommendationStore(Redis.createClient(vertx, LocalInfraResource.redis.uri()), java.net.URI.create(LocalInfraResource.redis.uri())),
                    dev.lambdarec.recommend.Recommender.unfiltered(), new BatchRecommender.Settings(10, 200, Duration.ofHours(1)), Clock.systemUTC())
                    .run(model, new BatchRequest("20261122T020000Z", 0, 1));
        } finally {
            vertx.close();
        }
    }

    static JsonPath invoke(String body) {
        return given().contentType("application/json").body(body).when().post("/_lambda_")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aKnownUserGetsTheirListFromTheCurrentRun() throws Exception {
        JsonPath list = invoke(Files.readString(Path.of("events/recommendations.json")));
        assertThat(list.getString("user")).isEqualTo("196");
        assertThat(list.getList("items")).hasSize(10);
        assertThat(list.getString("run")).isEqualTo("20261122T020000Z");
        assertThat(list.getString("fallback")).isNull();
    }

    @Test
    void strangersGetThePopularListAndBadBodiesAnError() {
        JsonPath stranger = invoke("{\"user\":\"someone-new\"}");
        assertThat(stranger.getString("fallback")).isEqualTo("popular");
        assertThat(stranger.getList("items")).hasSize(10);
        assertThat(invoke("{\"usr\":\"196\"}").getString("error")).isEqualTo("unknown field 'usr' (expected \"user\", \"session\" or \"item\")");
        assertThat(invoke("{\"user\":[]}").getString("error")).contains("user must be a non-empty string");
    }

    /**
     * What a user just did changes the next answer: after events for user 200 reach their recent list, the answer is
     * folded in from them (flagged with how many), the items they touched left out; an anonymous session with
     * events gets a personal list, one without gets the popular list.
     */
    @Test
    void recentEventsChangeTheNextAnswer() throws Exception {
        JsonPath nightly = invoke("{\"user\":\"200\"}");
        assertThat(nightly.getString("fresh_events")).isNull();
        java.util.List<String> before = nightly.getList("items.item");
        Vertx vertx = Vertx.vertx();
        try (S3Client s3 = LocalInfraResource.s3.client()) {
            var recorder = new dev.lambdarec.events.EventRecorder(new S3ObjectStore(s3, LocalInfraResource.BUCKET),
                    new dev.lambdarec.batch.redis.RedisRecentEvents(Redis.createClient(vertx, LocalInfraResource.redis.uri())), 50, Duration.ofHours(1));
            var limits = new dev.lambdarec.events.EventBatch.Limits(100, java.util.Set.of("view", "click"));
            String touched = before.get(0);
            recorder.record(dev.lambdarec.events.EventBatch.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    "{\"user\":\"200\",\"events\":[{\"item\":\"" + touched + "\",\"type\":\"click\"},{\"item\":\"50\",\"type\":\"view\"}]}"),
                    limits, java.time.Instant.now()));
            recorder.record(dev.lambdarec.events.EventBatch.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    "{\"session\":\"s-1\",\"events\":[{\"item\":\"50\",\"type\":\"view\"},{\"item\":\"172\",\"type\":\"view\"}]}"),
                    limits, java.time.Instant.now()));
            JsonPath fresh = invoke("{\"user\":\"200\"}");
            assertThat(fresh.getInt("fresh_events")).isEqualTo(2);
            assertThat(fresh.getString("fallback")).isNull();
            assertThat(fresh.getList("items.item")).hasSize(10).doesNotContain(touched, "50").isNotEqualTo(before);
            JsonPath session = invoke("{\"session\":\"s-1\"}");
            assertThat(session.getString("session")).isEqualTo("s-1");
            assertThat(session.getInt("fresh_events")).isEqualTo(2);
            assertThat(session.getList("items.item")).hasSize(10).doesNotContain("50", "172");
            JsonPath unknown = invoke("{\"session\":\"s-never\"}");
            assertThat(unknown.getString("fallback")).isEqualTo("popular");
            assertThat(unknown.getString("user")).isNull();
        } finally {
            vertx.close();
        }
    }

    /** events/similar-items.json: the item's list from the same run, the item never in it; strangers are refused. */
    @Test
    void anItemsSimilarItemsComeFromTheCurrentRun() throws Exception {
        JsonPath similar = invoke(Files.readString(Path.of("events/similar-items.json")));
        assertThat(similar.getString("item")).isEqualTo("50");
        assertThat(similar.getList("items.item")).hasSize(10).doesNotContain("50");
        assertThat(similar.getString("run")).isEqualTo("20261122T020000Z");
        assertThat(similar.getString("fallback")).isNull();
        assertThat(invoke("{\"item\":\"no-such-item\"}").getString("error")).startsWith("unknown item 'no-such-item'");
        assertThat(invoke("{\"item\":\"50\",\"user\":\"196\"}").getString("error")).startsWith("give exactly one of user");
    }

    /** The Function URL's payload-format-2.0 envelope, its body base64-encoded (events/recommendations-function-url.json). */
    @Test
    void behindTheFunctionUrlTheListComesAsAnHttpResponse() throws Exception {
        JsonPath response = invoke(Files.readString(Path.of("events/recommendations-function-url.json")));
        assertThat(response.getInt("statusCode")).isEqualTo(200);
        assertThat(response.getString("headers.content-type")).isEqualTo("application/json");
        JsonPath list = new JsonPath(response.getString("body"));
        assertThat(list.getList("items")).isEqualTo(invoke(Files.readString(Path.of("events/recommendations.json"))).getList("items"));
        var envelope = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Files.readString(Path.of("events/recommendations-function-url.json")));
        envelope.put("body", "{\"usr\":1}").put("isBase64Encoded", false);
        assertThat(invoke(envelope.toString()).getInt("statusCode")).isEqualTo(400);
        envelope.put("rawPath", "/users/196");
        assertThat(invoke(envelope.toString()).getInt("statusCode")).isEqualTo(404);
        envelope.put("rawPath", "/").put("rawQueryString", "user=196").remove("body");
        ((com.fasterxml.jackson.databind.node.ObjectNode) envelope.at("/requestContext/http")).put("method", "GET");
        JsonPath viaGet = invoke(envelope.toString());
        assertThat(viaGet.getInt("statusCode")).isEqualTo(200);
        assertThat(new JsonPath(viaGet.getString("body")).getList("items")).isEqualTo(list.getList("items"));
    }
}
