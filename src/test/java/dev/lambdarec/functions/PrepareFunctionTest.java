package dev.lambdarec.functions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lambdarec.store.s3.S3ObjectStore;
import dev.lambdarec.synth.SyntheticInteractions;
import dev.lambdarec.synth.SyntheticSpec;
import dev.lambdarec.testing.Files2;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The prepare function through the Lambda mock event server, with the sample events under events/. */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class PrepareFunctionTest {

    @BeforeAll
    static void uploadRawData() throws Exception {
        Path dir = Files.createTempDirectory("prepare-function");
        new SyntheticInteractions(SyntheticSpec.movielensLike(3).withSize(200, 400, 6_000)).writeMovieLens100k(dir.resolve("ml"));
        Path zip = Files2.zip(dir.resolve("ml"), "ml-100k", dir.resolve("ml-100k.zip"));
        try (S3Client s3 = LocalInfraResource.s3.client()) {
            new S3ObjectStore(s3, LocalInfraResource.BUCKET).put("raw/ml-100k.zip", zip, "application/zip");
        }
    }

    static JsonPath invoke(String body) {
        return given().contentType("application/json").accept("application/json").body(body)
                .when().post("/_lambda_")
                .then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void sampleS3EventPreparesTheUploadedArchive() throws Exception {
        JsonPath response = invoke(Files.readString(Path.of("events/prepare-s3-put.json")));
        assertThat(response.getList("results")).hasSize(1);
        assertThat(response.getString("results[0].datasetId")).startsWith("ml-100k-");
        assertThat(response.getLong("results[0].counts.rowsRead")).isEqualTo(6_000);
        assertThat(response.getLong("results[0].counts.users")).isEqualTo(200);
        String manifestKey = "datasets/" + response.getString("results[0].datasetId") + "/manifest.json";
        try (S3Client s3 = LocalInfraResource.s3.client()) {
            assertThat(new S3ObjectStore(s3, LocalInfraResource.BUCKET).exists(manifestKey)).isTrue();
        }
    }

    @Test
    void sampleDirectRequest() throws Exception {
        JsonPath response = invoke(Files.readString(Path.of("events/prepare-request.json")));
        assertThat(response.getString("error")).isNull();
        assertThat(response.getString("location")).startsWith("s3://lambdarec-example-bucket/datasets/ml-100k-");
        assertThat(response.getLong("counts.testNegatives")).isEqualTo(99L * response.getLong("counts.testUsers"));
        JsonPath again = invoke(Files.readString(Path.of("events/prepare-request.json")));
        assertThat(again.getBoolean("reused")).isTrue();
        assertThat(again.getString("datasetId")).isEqualTo(response.getString("datasetId"));
    }

    @Test
    void badRequestsAnswerAnErrorNamingTheField() {
        assertThat(invoke("{\"source\":\"s3://lambdarec-example-bucket/raw/ml-100k.zip\",\"format\":\"movielens-100k\",\"negatives\":-2}")
                .getString("error")).isEqualTo("negatives must be between 0 and 100, was -2");
        assertThat(invoke("{\"source\":\"/etc/passwd\",\"format\":\"csv\"}").getString("error"))
                .contains("local paths are not allowed here");
        assertThat(invoke("{\"source\":\"s3://lambdarec-example-bucket/raw/missing.zip\",\"format\":\"movielens-100k\"}")
                .getString("error")).contains("nothing at s3://lambdarec-example-bucket/raw/missing.zip");
        assertThat(invoke("{\"Records\":[]}").getString("error")).contains("Records must be a non-empty array");
    }

    @Test
    void sideFileUploadsAreSkippedWithAReason() {
        String event = "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"lambdarec-example-bucket\"},\"object\":{\"key\":\"raw/ml-100k/u.item\"}}}]}";
        JsonPath response = invoke(event);
        assertThat(response.getString("results[0].skipped")).contains("u.item is a side file");
    }
}
