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

    /** events/predict-similar.json: an item's similar items, and with a user and a genre filter beside it. */
    @Test
    void sampleSimilarItemsThroughTheFunction() throws Exception {
        JsonPath similar = invoke(event("predict-similar.json"));
        assertThat(similar.getString("predictions[0].item")).isEqualTo("50");
        assertThat(similar.getList("predictions[0].items.item")).hasSize(10).doesNotContain("50");
        java.util.List<String> filtered = similar.getList("predictions[1].items.item");
        assertThat(filtered).hasSize(5).doesNotContain("50");
        int user = serving.userIndex("196");
        for (String id : filtered) {
            int item = serving.itemIndex(id);
            assertThat(serving.genres(item)).contains("Drama");
            for (int k = serving.scorer().seen().start(user); k < serving.scorer().seen().end(user); k++) {
                assertThat(serving.scorer().seen().items()[k]).isNotEqualTo(item);
            }
        }
        assertThat(invoke("{\"instances\":[{\"item\":\"nope\",\"k\":3}]}").getString("errors[0].error")).isEqualTo("unknown item 'nope'");
    }

    /**
     * events/predict-fold-in.json through the function: the iALS model, trained and stored by the real trainer,
     * reads its fold-in rule back from weights.npz and answers a newcomer's history with a personal list.
     */
    @Test
    void sampleFoldInGivesANewcomerAPersonalList() throws Exception {
        JsonPath folded = invoke(event("predict-fold-in.json"));
        assertThat(folded.getString("predictions[0].user")).isEqualTo("u-new");
        assertThat(folded.getString("predictions[0].fallback")).isNull();
        assertThat(folded.getList("predictions[0].items.item")).hasSize(10).doesNotContain("50", "172", "181");
        var history = new dev.lambdarec.model.History(new int[] {serving.itemIndex("50"), serving.itemIndex("172"), serving.itemIndex("181")},
                new float[] {Float.NaN, Float.NaN, 4f});
        var user = serving.scorer().foldIn(history, -1);
        assertThat(folded.getFloat("predictions[0].items[0].score")).isEqualTo(user.score(serving.itemIndex(folded.getString("predictions[0].items[0].item"))));
        // the popular list is something else
        JsonPath stranger = invoke("{\"instances\":[{\"user\":\"u-new\",\"k\":10}]}");
        assertThat(stranger.getString("predictions[0].fallback")).isEqualTo("popular");
        assertThat(stranger.getList("predictions[0].items.item")).isNotEqualTo(folded.getList("predictions[0].items.item"));
    }

    @Test
    void errorsAreJsonNamingTheField() {
        assertThat(invoke("{\"instances\":[{\"user\":\"196\",\"k\":0}]}").getString("error"))
                .isEqualTo("instances[0].k must be a whole number between 1 and 1000, was 0");
        assertThat(invoke("[1,2,3]").getString("error")).contains("body must be a JSON object");
    }

    @Test
    void malformedJsonIsAnsweredByTheFunctionWithoutAClassName() {
        String answer = given().contentType("application/json").body("{'instances':[]}").when().post("/_lambda_")
                .then().statusCode(200).extract().asString();
        assertThat(answer).startsWith("{\"error\":\"body is not valid JSON (line 1, column 2)").doesNotContain("java.", "Exception");
        assertThat(invoke("{\"instances\":[{\"user\":\"196\",\"k\":18446744073709551626}]}").getString("error"))
                .isEqualTo("instances[0].k must be a whole number between 1 and 1000, was 18446744073709551626");
        assertThat(invoke("{\"instances\":[{\"user\":\"196\",\"k\":3,\"k\":4}]}").getString("error")).contains("Duplicate field 'k'");
        assertThat(invoke("{\"instances\":[{\"user\":\"196\",\"k\":3}]} trailing").getString("error")).contains("not valid JSON");
    }

    /** The exact payload-format-2.0 envelope a Function URL delivers (events/predict-function-url.json). */
    @Test
    void behindTheFunctionUrlTheEnvelopeIsUnwrappedAndAnsweredWithAnHttpResponse() throws Exception {
        JsonPath response = invoke(event("predict-function-url.json"));
        assertThat(response.getInt("statusCode")).isEqualTo(200);
        assertThat(response.getMap("headers")).containsEntry("content-type", "application/json");
        JsonPath body = new JsonPath(response.getString("body"));
        JsonPath direct = invoke(event("predict-topk.json"));
        assertThat(body.getList("predictions")).isEqualTo(direct.getList("predictions"));
        assertThat(body.getString("model")).isEqualTo(model.modelId());
    }

    @Test
    void functionUrlStatusesFollowTfServingsRestApi() throws Exception {
        ObjectMapper json = new ObjectMapper();
        var envelope = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(event("predict-function-url.json"));
        // the TF Serving model-status call names the served model id
        envelope.put("rawPath", "/v1/models/lambdarec").remove("body");
        ((com.fasterxml.jackson.databind.node.ObjectNode) envelope.at("/requestContext/http")).put("method", "GET");
        JsonPath status = invoke(envelope.toString());
        assertThat(status.getInt("statusCode")).isEqualTo(200);
        assertThat(new JsonPath(status.getString("body")).getString("model_version_status[0].version")).isEqualTo(model.modelId());
        assertThat(new JsonPath(status.getString("body")).getString("model_version_status[0].state")).isEqualTo("AVAILABLE");
        // a path it does not serve, another model's name, a wrong method
        envelope.put("rawPath", "/v2/anything");
        assertThat(invoke(envelope.toString()).getInt("statusCode")).isEqualTo(404);
        envelope.put("rawPath", "/v1/models/other:predict");
        assertThat(invoke(envelope.toString()).getInt("statusCode")).isEqualTo(404);
        envelope.put("rawPath", "/v1/models/lambdarec:predict");
        assertThat(invoke(envelope.toString()).getInt("statusCode")).isEqualTo(405);
        // a bad body is 400 with the field named; a body over max-body-bytes is 413; base64 bodies are decoded
        ((com.fasterxml.jackson.databind.node.ObjectNode) envelope.at("/requestContext/http")).put("method", "POST");
        envelope.put("rawPath", "/").put("body", "{\"instances\":[{\"user\":\"196\",\"k\":0}]}");
        JsonPath bad = invoke(envelope.toString());
        assertThat(bad.getInt("statusCode")).isEqualTo(400);
        assertThat(new JsonPath(bad.getString("body")).getString("error")).startsWith("instances[0].k must be");
        envelope.put("body", "{\"instances\":[{\"user\":\"" + "x".repeat(1 << 20) + "\",\"k\":1}]}");
        assertThat(invoke(envelope.toString()).getInt("statusCode")).isEqualTo(413);
        envelope.put("body", java.util.Base64.getEncoder().encodeToString(event("predict-instances.json").getBytes()))
                .put("isBase64Encoded", true);
        JsonPath decoded = invoke(envelope.toString());
        assertThat(decoded.getInt("statusCode")).isEqualTo(200);
        assertThat(new JsonPath(decoded.getString("body")).getList("predictions"))
                .isEqualTo(invoke(event("predict-instances.json")).getList("predictions"));
    }
}
