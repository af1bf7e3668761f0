package dev.lambdarec.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.lambdarec.store.s3.S3ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The train function: requests checked before anything starts, jobs started on a SageMaker stub. */
@QuarkusTest
@TestProfile(TrainFunctionTest.Profile.class)
@QuarkusTestResource(LocalInfraResource.class)
@QuarkusTestResource(TrainFunctionTest.SageMakerStub.class)
class TrainFunctionTest {
    static WireMockServer stub;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "train",
                    "lambdarec.train.image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/lambdarec-trainer:1",
                    "lambdarec.train.role-arn", "arn:aws:iam::123456789012:role/lambdarec-sagemaker",
                    "lambdarec.train.region", "us-east-1");
        }
    }

    /** A SageMaker API stub: no job exists until CreateTrainingJob, which is accepted. */
    public static class SageMakerStub implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            System.setProperty("aws.accessKeyId", "test");
            System.setProperty("aws.secretAccessKey", "test");
            stub = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            stub.start();
            stub.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.DescribeTrainingJob"))
                    .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                            .withBody("{\"__type\":\"ValidationException\",\"message\":\"Requested resource not found.\"}")));
            stub.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.CreateTrainingJob"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                            .withBody("{\"TrainingJobArn\":\"arn:aws:sagemaker:us-east-1:123456789012:training-job/x\"}")));
            stub.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.DescribeHyperParameterTuningJob"))
                    .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                            .withBody("{\"__type\":\"ResourceNotFound\",\"message\":\"Amazon SageMaker can't find a tuning job\"}")));
            stub.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.CreateHyperParameterTuningJob"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                            .withBody("{\"HyperParameterTuningJobArn\":\"arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/x\"}")));
            return Map.of("lambdarec.train.endpoint", "http://127.0.0.1:" + stub.port());
        }

        @Override
        public void stop() {
            stub.stop();
        }
    }

    static JsonPath invoke(String body) {
        return given().contentType("application/json").body(body).when().post("/_lambda_")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void badRequestsAreRefusedBeforeAnyJobStarts() {
        assertThat(invoke("{\"dataset\":\"ds-1\",\"algorithm\":\"deep-magic\"}").getString("error"))
                .contains("algorithm must be one of [popular, ease, ials, mf, fm, neumf, two-tower, dlrm, wide-deep, two-stage]");
        assertThat(invoke("{\"dataset\":\"ds-1\",\"algorithm\":\"ease\",\"hyperparameters\":{\"lambda\":-5}}").getString("error"))
                .contains("hyperparameter lambda must be between 0.0 and 1.0E9, was -5");
        assertThat(invoke("{\"dataset\":\"ds-1\",\"algorithm\":\"neumf\",\"hyperparameters\":{\"layers\":\"64,x\"}}").getString("error"))
                .contains("hyperparameter layers must be layer widths like 64,32,16, was '64,x'");
        assertThat(invoke("{\"dataset\":\"ds-1\",\"algorithm\":\"two-stage\",\"hyperparameters\":{\"ranker.epochs\":\"0\"}}").getString("error"))
                .contains("hyperparameter ranker.epochs must be between 1 and 10000, was 0");
        // plain-Java rankers: a DJL one passing its dry run would load PyTorch's natives into Quarkus' class loader,
        // and no other class loader of this JVM could load them again
        assertThat(invoke("{\"dataset\":\"ds-1\",\"algorithm\":\"two-stage\",\"hyperparameters\":{\"ranker\":\"popular,ease\",\"ranker2.lambda\":\"-1\"}}").getString("error"))
                .contains("hyperparameter ranker2.lambda must be between 0.0 and 1.0E9, was -1");
        assertThat(invoke("{\"dataset\":\"ds-1\",\"algorithm\":\"ials\",\"hyperparameters\":{\"factor\":\"16\"}}").getString("error"))
                .contains("unknown hyperparameter(s) [factor]");
        assertThat(invoke("{\"dataset\":\"Not A Dataset!\",\"algorithm\":\"ease\"}").getString("error")).contains("dataset must be a dataset id");
        assertThat(invoke("{\"dataset\":\"nowhere-1\",\"algorithm\":\"ease\"}").getString("error")).contains("dataset: no dataset 'nowhere-1'");
        stub.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.CreateTrainingJob")));
    }

    @Test
    void aGoodRequestStartsTheSageMakerJob() {
        try (S3Client s3 = LocalInfraResource.s3.client()) {
            new S3ObjectStore(s3, LocalInfraResource.BUCKET).put("datasets/ds-2/manifest.json", "{}".getBytes(), "application/json");
        }
        JsonPath started = invoke("{\"dataset\":\"ds-2\",\"algorithm\":\"ials\",\"hyperparameters\":{\"factors\":64,\"iterations\":\"5\"}}");
        assertThat(started.getString("job")).startsWith("lambdarec-ials-");
        stub.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.CreateTrainingJob"))
                .withRequestBody(matchingJsonPath("$.HyperParameters", equalToJson("{\"algorithm\":\"ials\",\"factors\":\"64\",\"iterations\":\"5\"}")))
                .withRequestBody(matchingJsonPath("$.InputDataConfig[0].DataSource.S3DataSource.S3Uri",
                        equalTo("s3://lambdarec-example-bucket/datasets/ds-2/")))
                .withRequestBody(matchingJsonPath("$.ResourceConfig.InstanceType", equalTo("ml.c5.2xlarge"))));
        // a neural algorithm on the GPU type; a request's own type over the family's
        assertThat(invoke("{\"dataset\":\"ds-2\",\"algorithm\":\"dlrm\"}").getString("job")).startsWith("lambdarec-dlrm-");
        stub.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.CreateTrainingJob"))
                .withRequestBody(matchingJsonPath("$.HyperParameters.algorithm", equalTo("dlrm")))
                .withRequestBody(matchingJsonPath("$.ResourceConfig.InstanceType", equalTo("ml.g5.xlarge"))));
        assertThat(invoke("{\"dataset\":\"ds-2\",\"algorithm\":\"ease\",\"instanceType\":\"ml.m5.4xlarge\"}").getString("job"))
                .startsWith("lambdarec-ease-");
        stub.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.CreateTrainingJob"))
                .withRequestBody(matchingJsonPath("$.HyperParameters.algorithm", equalTo("ease")))
                .withRequestBody(matchingJsonPath("$.ResourceConfig.InstanceType", equalTo("ml.m5.4xlarge"))));
        assertThat(invoke("{\"dataset\":\"ds-2\",\"algorithm\":\"ease\",\"instanceType\":\"huge\"}").getString("error"))
                .contains("instanceType must be a SageMaker training instance type");
        assertThat(invoke("{\"status\":\"lambdarec-nothing\"}").getString("error")).contains("no training job named 'lambdarec-nothing'");
    }

    /** {"tune":{...}} starts a SageMaker tuning job over the algorithm's search space, checked like a train request. */
    @Test
    void aTuneRequestStartsTheSageMakerTuningJob() {
        try (S3Client s3 = LocalInfraResource.s3.client()) {
            new S3ObjectStore(s3, LocalInfraResource.BUCKET).put("datasets/ds-3/manifest.json", "{}".getBytes(), "application/json");
        }
        JsonPath started = invoke("{\"dataset\":\"ds-3\",\"algorithm\":\"ease\",\"tune\":{\"maxJobs\":12,\"parallelJobs\":3}}");
        assertThat(started.getString("tuningJob")).startsWith("tune-ease-");
        assertThat(started.getString("status")).isEqualTo("InProgress");
        stub.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.CreateHyperParameterTuningJob"))
                .withRequestBody(matchingJsonPath("$.HyperParameterTuningJobName", equalTo(started.getString("tuningJob"))))
                .withRequestBody(matchingJsonPath("$.HyperParameterTuningJobConfig.ResourceLimits",
                        equalToJson("{\"MaxNumberOfTrainingJobs\":12,\"MaxParallelTrainingJobs\":3}")))
                .withRequestBody(matchingJsonPath("$.HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[0].Name", equalTo("lambda")))
                .withRequestBody(matchingJsonPath("$.TrainingJobDefinition.StaticHyperParameters",
                        equalToJson("{\"algorithm\":\"ease\",\"tune\":\"trial\"}")))
                .withRequestBody(matchingJsonPath("$.TrainingJobDefinition.InputDataConfig[0].DataSource.S3DataSource.S3Uri",
                        equalTo("s3://lambdarec-example-bucket/datasets/ds-3/"))));
        assertThat(invoke("{\"dataset\":\"ds-3\",\"algorithm\":\"two-stage\",\"tune\":{}}").getString("error"))
                .contains("two-stage declares no search space");
        assertThat(invoke("{\"dataset\":\"nowhere-2\",\"algorithm\":\"ials\",\"tune\":{}}").getString("error"))
                .contains("dataset: no dataset 'nowhere-2'");
        assertThat(invoke("{\"status\":\"tune-ease-0000\"}").getString("error")).contains("no tuning job named 'tune-ease-0000'");
        stub.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.CreateHyperParameterTuningJob")));
    }
}
