package dev.lambdarec.functions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lambdarec.model.ModelCard;
import dev.lambdarec.synth.SyntheticSpec;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The batch function with the sample scheduled event, against the test's real Redis. */
@QuarkusTest
@TestProfile(BatchFunctionTest.Profile.class)
@QuarkusTestResource(LocalInfraResource.class)
class BatchFunctionTest {
    static ModelCard model;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "batch", "lambdarec.batch.batch-size", "100");
        }
    }

    @BeforeAll
    static void promote() throws Exception {
        model = LocalInfraResource.trainAndPromote(SyntheticSpec.movielensLike(11).withSize(943, 1682, 30_000),
                Map.of("algorithm", "ials", "factors", "8"));
    }

    static JsonPath invoke(String body) {
        return given().contentType("application/json").body(body).when().post("/_lambda_")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theScheduledEventWritesEveryUserAndFlipsTheRun() throws Exception {
        JsonPath result = invoke(Files.readString(Path.of("events/batch-scheduled.json")));
        assertThat(result.getString("run")).isEqualTo("20261122T020000Z");
        assertThat(result.getInt("users")).isEqualTo(943);
        assertThat(result.getBoolean("completedRun")).isTrue();
    }

    @Test
    void shardsOfAFannedOutRun() throws Exception {
        JsonPath shard = invoke(Files.readString(Path.of("events/batch-shard.json")));
        assertThat(shard.getInt("shard")).isEqualTo(2);
        assertThat(shard.getBoolean("completedRun")).isFalse(); // shards 0, 1 and 3 have not run
        assertThat(invoke("{\"shard\":9,\"shards\":4,\"run\":\"x\"}").getString("error")).contains("shard (0 to shards-1) must be a whole number between 0 and 3");
    }
}
