package dev.lambdarec.functions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.local.LocalTrainingJob;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.ModelRegistry;
import dev.lambdarec.prepare.PrepareDefaults;
import dev.lambdarec.prepare.PrepareRequestParser;
import dev.lambdarec.prepare.PrepareService;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.s3.S3ObjectStore;
import dev.lambdarec.synth.SyntheticInteractions;
import dev.lambdarec.synth.SyntheticSpec;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

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

    /** Trains and promotes a MovieLens-shaped model into the test's object store. */
    static ModelCard trainAndPromote() throws Exception {
        Path dir = Files.createTempDirectory("batch-function");
        new SyntheticInteractions(SyntheticSpec.movielensLike(11).withSize(943, 1682, 30_000)).writeMovieLens100k(dir.resolve("raw"));
        try (S3Client s3 = LocalInfraResource.s3.client()) {
            ObjectStore store = new S3ObjectStore(s3, LocalInfraResource.BUCKET);
            String datasetId = new PrepareService(store, dir.resolve("work"), true, Clock.systemUTC()).prepare(
                    new PrepareRequestParser(PrepareDefaults.STANDARD).parse(new ObjectMapper().readTree(
                            "{\"source\":\"" + dir.resolve("raw") + "\",\"format\":\"movielens-100k\",\"negatives\":0}"))).datasetId();
            ModelCard card = new LocalTrainingJob(store, dir.resolve("jobs")).run(datasetId, Map.of("algorithm", "ials", "factors", "8"));
            new ModelRegistry(store, dir.resolve("scratch")).promote(card, "ndcg@10", Clock.systemUTC());
            return card;
        }
    }

    @BeforeAll
    static void promote() throws Exception {
        model = trainAndPromote();
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
        assertThat(invoke("{\"shard\":9,\"shards\":4,\"run\":\"x\"}").getString("error")).contains("shard must be an integer between 0 and shards-1");
    }
}
