package dev.lambdarec.functions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The register function with the sample SageMaker state-change events through the mock event server. */
@QuarkusTest
@TestProfile(RegisterFunctionTest.Profile.class)
@QuarkusTestResource(LocalInfraResource.class)
class RegisterFunctionTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "register");
        }
    }

    static JsonPath invoke(String body) {
        return given().contentType("application/json").body(body).when().post("/_lambda_")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aFailedJobIsRecorded() throws Exception {
        JsonPath decision = invoke(Files.readString(Path.of("events/register-sagemaker-failed.json")));
        assertThat(decision.getString("outcome")).isEqualTo("job-failed");
        assertThat(decision.getString("reason")).contains("AlgorithmError");
    }

    @Test
    void aCompletedJobWithoutItsArchiveIsRejectedNotPromoted() throws Exception {
        JsonPath decision = invoke(Files.readString(Path.of("events/register-sagemaker-completed.json")));
        assertThat(decision.getString("outcome")).isEqualTo("rejected-corrupt");
        assertThat(decision.getString("reason")).contains("model.tar.gz is not a readable model archive");
    }

    @Test
    void otherEventsAreRefusedByName() {
        assertThat(invoke("{\"detail-type\":\"Scheduled Event\"}").getString("error"))
                .contains("detail-type must be 'SageMaker Training Job State Change'");
    }
}
