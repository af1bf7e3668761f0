package dev.lambdarec.functions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.ModelRegistry;
import dev.lambdarec.serve.PredictLimits;
import dev.lambdarec.serve.Predictor;
import dev.lambdarec.store.s3.S3ObjectStore;
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
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The predict function through the Lambda mock event server with the sample bodies under events/, serving a
 * model trained and promoted here on MovieLens-100K-shaped synthetic data (ids "1".."943" and "1".."1682").
 */
@QuarkusTest
@TestProfile(PredictFunctionTest.Profile.class)
@QuarkusTestResource(LocalInfraResource.class)
class PredictFunctionTest {
    private static ModelCard model;
    private static dev.lambdarec.model.ServingModel serving;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "predict");
        }
    }

    @BeforeAll
    static void trainAndPromote() throws Exception {
        model = LocalInfraResource.trainAndPromote(SyntheticSpec.movielensLike(9), Map.of("algorithm", "ials", "factors", "16"));
        try (S3Client s3 = LocalInfraResource.s3.client()) {
            serving = new ModelRegistry(new S3ObjectStore(s3, LocalInfraResource.BUCKET), Files.createTempDirectory("serving"))
                    .load(model.modelId());
        }
    }

    static JsonPath invoke(String body) {
        return given().contentType("application/json").body(body).when().post("/_lambda_")
                .then().statusCode(200).extract().jsonPath();
    }

    private static String event(String name) throws Exception {
        return Files.readString(Path.of("events", name));
    }

    @Test
    void sampleBodiesAreAnsweredWithTheScorersScores() throws Exception {
        JsonPath rows = invoke(event("predict-instances.json"));
        assertThat(rows.getString("model")).isEqualTo(model.modelId());
        float expected = serving.scorer().score(serving.userIndex("196"), serving.itemIndex("242"));
        assertThat(rows.getFloat("predictions[0]")).isEqualTo(expected);
        JsonPath columns = invoke(event("predict-columnar.json"));
        assertThat(columns.getList("predictions")).isEqualTo(rows.getList("predictions"));
        JsonPath oneHot = invoke(event("predict-onehot.json"));
        assertThat(oneHot.getFloat("predictions[0][0]")).isEqualTo(expected);
    }

    @Test
    void sampleTopKMatchesThePredictorAndFallsBackForStrangers() throws Exception {
        JsonPath topK = invoke(event("predict-topk.json"));
        var direct = new Predictor(PredictLimits.DEFAULT).predict(serving, new ObjectMapper().readTree(event("predict-topk.json")));
        assertThat(topK.getList("predictions[0].items.item")).hasSize(10)
                .isEqualTo(new ObjectMapper().convertValue(direct.at("/predictions/0/items").findValuesAsText("item"), java.util.List.class));
        assertThat(topK.getString("predictions[2].fallback")).isEqualTo("popular");
        assertThat(topK.getList("predictions[1].items.item")).doesNotContain("50", "100");
    }

    @Test
    void errorsAreJsonNamingTheField() {
        assertThat(invoke("{\"instances\":[{\"user\":\"196\",\"k\":0}]}").getString("error"))
                .isEqualTo("instances[0].k must be an integer between 1 and 1000, was 0");
        assertThat(invoke("[1,2,3]").getString("error")).contains("body must be a JSON object");
    }
}
