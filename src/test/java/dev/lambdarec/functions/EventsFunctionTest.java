package dev.lambdarec.functions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.batch.redis.RedisRecentEvents;
import dev.lambdarec.store.StoreLayout;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The events function through the Lambda mock event server, with events/events-put.json, against real S3 and Redis. */
@QuarkusTest
@TestProfile(EventsFunctionTest.Profile.class)
@QuarkusTestResource(LocalInfraResource.class)
class EventsFunctionTest {
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "events");
        }
    }

    private static String invoke(String body) {
        return given().contentType("application/json").body(body).when().post("/_lambda_").then().statusCode(200).extract().asString();
    }

    @Test
    void theSampleIsRecordedInTheStoreAndTheRecentListAndARetryIsStoredOnce() throws Exception {
        String sample = Files.readString(Path.of("events", "events-put.json"));
        JsonPath answer = new JsonPath(invoke(sample));
        assertThat(answer.getString("user")).isEqualTo("196");
        assertThat(answer.getInt("accepted")).isEqualTo(2);
        assertThat(answer.getInt("stored")).isEqualTo(2);
        assertThat(answer.getInt("rejected[0].index")).isEqualTo(2);
        assertThat(answer.getString("rejected[0].reason")).startsWith("unknown type 'hover'");
        assertThat(answer.getString("recent")).isEqualTo("updated");
        try (S3Client s3 = LocalInfraResource.s3.client()) {
            var store = new S3ObjectStore(s3, LocalInfraResource.BUCKET);
            long at = Instant.parse("2026-12-01T10:02:00Z").getEpochSecond();
            assertThat(store.list("events/dt=2026-12-01/")).as("the call's events of one day in one object")
                    .containsExactly(StoreLayout.events(at, "user:196", List.of("e-1", "e-2")));
            assertThat(store.list("raw/")).as("recording events starts no prepare").isEmpty();
        }
        Vertx vertx = Vertx.vertx();
        try {
            List<String> recent = new RedisRecentEvents(Redis.createClient(vertx, LocalInfraResource.redis.uri())).recent("user:196", 10);
            assertThat(recent).hasSize(2);
            assertThat(new ObjectMapper().readTree(recent.get(0)).get("item").asText()).isEqualTo("302");
        } finally {
            vertx.close();
        }
        JsonPath retried = new JsonPath(invoke(sample));
        assertThat(retried.getInt("stored")).isZero();
        assertThat(retried.getInt("duplicates")).isEqualTo(2);
    }

    /** Behind the Function URL: the payload-format-2.0 envelope, answered with an HTTP response; errors name the field. */
    @Test
    void behindTheFunctionUrlTheAnswerIsAnHttpResponse() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode envelope = (ObjectNode) json.readTree(Files.readString(Path.of("events", "predict-function-url.json")));
        envelope.put("rawPath", "/").put("body", "{\"session\":\"s-9f2\",\"events\":[{\"item\":\"50\",\"type\":\"view\"}]}");
        JsonPath response = new JsonPath(invoke(envelope.toString()));
        assertThat(response.getInt("statusCode")).isEqualTo(200);
        JsonPath body = new JsonPath(response.getString("body"));
        assertThat(body.getString("session")).isEqualTo("s-9f2");
        assertThat(body.getInt("stored")).isEqualTo(1);

        envelope.put("body", "{\"events\":[]}");
        JsonPath refused = new JsonPath(invoke(envelope.toString()));
        assertThat(refused.getInt("statusCode")).isEqualTo(400);
        assertThat(new JsonPath(refused.getString("body")).getString("error")).isEqualTo(
                "give exactly one of user (a known user's id) and session (an anonymous visitor's)");
        assertThat(new JsonPath(invoke("{\"user\":\"1\",\"events\":\"nope\"}")).getString("error")).startsWith("events must be a non-empty array");
        assertThat(invoke("{'user':1}")).contains("body is not valid JSON").doesNotContain("java.", "Exception");
    }
}
