package dev.lambdarec.jobs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.lambdarec.jobs.sagemaker.SageMakerLauncher;
import dev.lambdarec.jobs.sagemaker.SageMakerSettings;
import dev.lambdarec.register.TrainingJobEvent;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/** The SageMaker adapter against an HTTP stub that checks the exact CreateTrainingJob request. */
class SageMakerLauncherTest {
    private static final String TARGET = "X-Amz-Target";
    private WireMockServer stub;
    private SageMakerClient client;

    @BeforeEach
    void start() {
        stub = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        stub.start();
        client = SageMakerClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + stub.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        stub.stop();
    }

    private static SageMakerSettings settings(boolean spot) {
        return new SageMakerSettings("123456789012.dkr.ecr.us-east-1.amazonaws.com/lambdarec-trainer:1",
                "arn:aws:iam::123456789012:role/lambdarec-sagemaker", "ml.c5.2xlarge", "ml.g5.xlarge", 1, 30, 3600, spot, 7200,
                "lambdarec-example-bucket", "s3://lambdarec-example-bucket/training/", Map.of("project", "lambdarec"));
    }

    @Test
    void createsTheExactJobOnceAndReportsItsStates() {
        TrainingJobSpec spec = new TrainingJobSpec("ml-100k-0b4d8360581b", "ease", Map.of("lambda", "500"));
        String job = spec.jobName();
        assertThat(job).matches("lambdarec-ease-[0-9a-f]{16}").hasSizeLessThanOrEqualTo(63);
        String describe = "SageMaker.DescribeTrainingJob";
        stub.stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo(describe)).inScenario("job")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"ValidationException\",\"message\":\"Requested resource not found.\"}")));
        stub.stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo("SageMaker.CreateTrainingJob")).inScenario("job")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("created")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"TrainingJobArn\":\"arn:aws:sagemaker:us-east-1:123456789012:training-job/" + job + "\"}")));
        stub.stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo(describe)).inScenario("job").whenScenarioStateIs("created")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"TrainingJobName\":\"" + job + "\",\"TrainingJobStatus\":\"InProgress\",\"SecondaryStatus\":\"Starting\"}")));

        SageMakerLauncher launcher = new SageMakerLauncher(client, settings(true));
        JobStatus started = launcher.start(spec);
        assertThat(started.status()).isEqualTo("InProgress");
        assertThat(started.secondaryStatus()).isEqualTo("Starting");

        String expected = """
                {
                  "TrainingJobName": "%s",
                  "HyperParameters": {"algorithm": "ease", "lambda": "500"},
                  "AlgorithmSpecification": {
                    "TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/lambdarec-trainer:1",
                    "TrainingInputMode": "File"
                  },
                  "RoleArn": "arn:aws:iam::123456789012:role/lambdarec-sagemaker",
                  "InputDataConfig": [{
                    "ChannelName": "train",
                    "DataSource": {"S3DataSource": {
                      "S3DataType": "S3Prefix",
                      "S3Uri": "s3://lambdarec-example-bucket/datasets/ml-100k-0b4d8360581b/",
                      "S3DataDistributionType": "FullyReplicated"
                    }}
                  }],
                  "OutputDataConfig": {"S3OutputPath": "s3://lambdarec-example-bucket/training/"},
                  "ResourceConfig": {"InstanceType": "ml.c5.2xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30},
                  "StoppingCondition": {"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 7200},
                  "Tags": [{"Key": "project", "Value": "lambdarec"}],
                  "EnableManagedSpotTraining": true,
                  "CheckpointConfig": {"S3Uri": "s3://lambdarec-example-bucket/training/%s/checkpoints/"}
                }""".formatted(job, job);
        stub.verify(1, postRequestedFor(urlEqualTo("/")).withHeader(TARGET, equalTo("SageMaker.CreateTrainingJob"))
                .withRequestBody(equalToJson(expected, false, false)));

        // the same request again finds the job and starts nothing
        assertThat(launcher.start(spec).status()).isEqualTo("InProgress");
        stub.verify(1, postRequestedFor(urlEqualTo("/")).withHeader(TARGET, equalTo("SageMaker.CreateTrainingJob")));

        stub.stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo(describe)).inScenario("job").whenScenarioStateIs("created")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"TrainingJobName\":\"" + job + "\",\"TrainingJobStatus\":\"Completed\",\"SecondaryStatus\":\"Completed\","
                                + "\"ModelArtifacts\":{\"S3ModelArtifacts\":\"s3://lambdarec-example-bucket/training/" + job + "/output/model.tar.gz\"}}")));
        JobStatus done = launcher.status(job).orElseThrow();
        assertThat(done.status()).isEqualTo("Completed");
        assertThat(done.modelArtifacts()).endsWith(job + "/output/model.tar.gz");
    }

    /**
     * A tuning request becomes the exact CreateHyperParameterTuningJob body: Bayesian search maximising the
     * validation nDCG@10 the trainer logs (metric definition), the algorithm's declared ranges with their scaling
     * less the keys the request fixes, the job's seed, and training jobs of the same shape as a plain job's with
     * tune=trial; started once; and a finished tuning job stands for its best training job's model.
     */
    @Test
    void startsTheExactTuningJobOnceAndItsBestJobIsWhatRegisterTakes() throws Exception {
        TuningJobSpec spec = TuningJobSpec.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"dataset\":\"ml-100k-0b4d8360581b\",\"algorithm\":\"ials\",\"hyperparameters\":{\"factors\":\"64\",\"seed\":\"7\"},"
                        + "\"tune\":{\"maxJobs\":20,\"parallelJobs\":2}}"));
        String name = spec.name();
        assertThat(name).matches("tune-ials-[0-9a-f]{16}").hasSizeLessThanOrEqualTo(32);
        String describe = "SageMaker.DescribeHyperParameterTuningJob";
        stub.stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo(describe)).inScenario("tuning")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"ResourceNotFound\",\"message\":\"Amazon SageMaker can't find a tuning job with name " + name + "\"}")));
        stub.stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo("SageMaker.CreateHyperParameterTuningJob")).inScenario("tuning")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("created")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"HyperParameterTuningJobArn\":\"arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/" + name + "\"}")));
        String inProgress = "{\"HyperParameterTuningJobName\":\"" + name + "\",\"HyperParameterTuningJobStatus\":\"InProgress\","
                + "\"TrainingJobDefinition\":{\"OutputDataConfig\":{\"S3OutputPath\":\"s3://lambdarec-example-bucket/training/\"}}}";
        stub.stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo(describe)).inScenario("tuning").whenScenarioStateIs("created")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(inProgress)));

        SageMakerLauncher launcher = new SageMakerLauncher(client, settings(true));
        TuningJob started = launcher.startTuning(spec);
        assertThat(started.status()).isEqualTo("InProgress");
        assertThat(started.bestTrainingJob()).isNull();
        String expected = """
                {
                  "HyperParameterTuningJobName": "%s",
                  "HyperParameterTuningJobConfig": {
                    "Strategy": "Bayesian",
                    "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:ndcg@10"},
                    "ResourceLimits": {"MaxNumberOfTrainingJobs": 20, "MaxParallelTrainingJobs": 2},
                    "ParameterRanges": {
                      "ContinuousParameterRanges": [
                        {"Name": "alpha", "MinValue": "0.5", "MaxValue": "50", "ScalingType": "Logarithmic"},
                        {"Name": "unobserved_weight", "MinValue": "0.1", "MaxValue": "30", "ScalingType": "Logarithmic"},
                        {"Name": "regularization", "MinValue": "0.001", "MaxValue": "0.3", "ScalingType": "Logarithmic"}
                      ],
                      "IntegerParameterRanges": [{"Name": "iterations", "MinValue": "3", "MaxValue": "15", "ScalingType": "Linear"}]
                    },
                    "TrainingJobEarlyStoppingType": "Off",
                    "RandomSeed": 7
                  },
                  "TrainingJobDefinition": {
                    "StaticHyperParameters": {"algorithm": "ials", "factors": "64", "seed": "7", "tune": "trial"},
                    "AlgorithmSpecification": {
                      "TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/lambdarec-trainer:1",
                      "TrainingInputMode": "File",
                      "MetricDefinitions": [{"Name": "validation:ndcg@10", "Regex": "validation:ndcg@10=([0-9]+\\\\.[0-9]+);"}]
                    },
                    "RoleArn": "arn:aws:iam::123456789012:role/lambdarec-sagemaker",
                    "InputDataConfig": [{
                      "ChannelName": "train",
                      "DataSource": {"S3DataSource": {
                        "S3DataType": "S3Prefix",
                        "S3Uri": "s3://lambdarec-example-bucket/datasets/ml-100k-0b4d8360581b/",
                        "S3DataDistributionType": "FullyReplicated"
                      }}
                    }],
                    "OutputDataConfig": {"S3OutputPath": "s3://lambdarec-example-bucket/training/"},
                    "ResourceConfig": {"InstanceType": "ml.c5.2xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30},
                    "StoppingCondition": {"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 7200},
                    "EnableManagedSpotTraining": true,
                    "CheckpointConfig": {"S3Uri": "s3://lambdarec-example-bucket/training/%s/checkpoints/"}
                  },
                  "Tags": [{"Key": "project", "Value": "lambdarec"}]
                }""".formatted(name, name);
        stub.verify(1, postRequestedFor(urlEqualTo("/")).withHeader(TARGET, equalTo("SageMaker.CreateHyperParameterTuningJob"))
                .withRequestBody(equalToJson(expected, false, false)));
        // the regex finds the objective in the line the trainer logs for a tune=trial job
        java.util.regex.Matcher logged = java.util.regex.Pattern.compile(TuningJobSpec.OBJECTIVE_REGEX)
                .matcher("INFO  [dev.lambdarec.train.Tuner] tune ials: trial {alpha=8} on 943 held-out interactions -> validation:ndcg@10=0.412345;");
        assertThat(logged.find()).isTrue();
        assertThat(logged.group(1)).isEqualTo("0.412345");

        assertThat(launcher.startTuning(spec).status()).isEqualTo("InProgress");
        stub.verify(1, postRequestedFor(urlEqualTo("/")).withHeader(TARGET, equalTo("SageMaker.CreateHyperParameterTuningJob")));

        String best = name + "-014-5d3f0c2a";
        stub.stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo(describe)).inScenario("tuning").whenScenarioStateIs("created")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"HyperParameterTuningJobName\":\"" + name + "\",\"HyperParameterTuningJobStatus\":\"Completed\","
                                + "\"TrainingJobDefinition\":{\"OutputDataConfig\":{\"S3OutputPath\":\"s3://lambdarec-example-bucket/training/\"}},"
                                + "\"BestTrainingJob\":{\"TrainingJobName\":\"" + best + "\",\"TrainingJobStatus\":\"Completed\","
                                + "\"TunedHyperParameters\":{\"alpha\":\"12.5\"},\"CreationTime\":1764700000,"
                                + "\"FinalHyperParameterTuningJobObjectiveMetric\":{\"MetricName\":\"validation:ndcg@10\",\"Value\":0.4123}}}")));
        TuningJob done = launcher.tuningStatus(name).orElseThrow();
        assertThat(done.status()).isEqualTo("Completed");
        assertThat(done.bestTrainingJob()).isEqualTo(best);
        assertThat(done.bestObjective()).isCloseTo(0.4123, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(done.bestModelArtifacts()).isEqualTo("s3://lambdarec-example-bucket/training/" + best + "/output/model.tar.gz");

        // EventBridge's tuning-job event (the sample in events/), as register reads it: the best training job, its archive
        String sample = java.nio.file.Files.readString(java.nio.file.Path.of("events/register-sagemaker-tuning-completed.json"))
                .replace("tune-ials-6c1f0e9a2b7d4c35", name);
        TrainingJobEvent event = TrainingJobEvent.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(sample),
                n -> SageMakerLauncher.describeTuning(client, n));
        assertThat(event.jobName()).isEqualTo(best);
        assertThat(event.status()).isEqualTo("Completed");
        assertThat(event.artifactUri()).isEqualTo(done.bestModelArtifacts());
        // a tuning job that failed is no model, and the unknown one is named
        TrainingJobEvent failed = TrainingJobEvent.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"detail-type\":\"SageMaker HyperParameter Tuning Job State Change\",\"detail\":{\"HyperParameterTuningJobName\":\"tune-x\","
                        + "\"HyperParameterTuningJobStatus\":\"Failed\",\"FailureReason\":\"all training jobs failed\"}}"), n -> java.util.Optional.empty());
        assertThat(failed.status()).isEqualTo("Failed");
        assertThat(failed.failureReason()).isEqualTo("all training jobs failed");
    }

    @Test
    void tuningRequestsAreCheckedBeforeAnythingStarts() {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.function.Function<String, String> refusal = body -> {
            try {
                TuningJobSpec.parse(json.readTree(body));
                return "accepted";
            } catch (dev.lambdarec.common.BadRequestException e) {
                return e.getMessage();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        assertThat(refusal.apply("{\"dataset\":\"d-1\",\"algorithm\":\"mf\",\"tune\":{}}")).contains("mf declares no search space")
                .contains("[ease, ials]");
        assertThat(refusal.apply("{\"dataset\":\"d-1\",\"algorithm\":\"ials\",\"tune\":{\"maxJobs\":0}}"))
                .contains("tune.maxJobs must be a whole number from 1 to 500, was 0");
        assertThat(refusal.apply("{\"dataset\":\"d-1\",\"algorithm\":\"ials\",\"tune\":{\"maxJobs\":2,\"parallelJobs\":4}}"))
                .contains("tune.parallelJobs (4) cannot exceed tune.maxJobs (2)");
        assertThat(refusal.apply("{\"dataset\":\"d-1\",\"algorithm\":\"ials\",\"tune\":{\"jobs\":2}}"))
                .isEqualTo("tune: unknown field 'jobs' (known: maxJobs, parallelJobs)");
        assertThat(refusal.apply("{\"dataset\":\"d-1\",\"algorithm\":\"ials\",\"" + "x".repeat(10_000) + "\":1,\"tune\":{}}"))
                .as("a caller's field name is not echoed whole").contains("unknown field 'xxx").hasSizeLessThan(300);
        assertThat(refusal.apply("{\"dataset\":\"d-1\",\"algorithm\":\"ials\",\"tune\":true}")).contains("tune must be an object");
        assertThat(refusal.apply("{\"dataset\":\"d-1\",\"algorithm\":\"ials\",\"hyperparameters\":{\"tune\":\"auto\"},\"tune\":{}}"))
                .contains("a tuning job sets it");
        assertThat(refusal.apply("{\"dataset\":\"d-1\",\"algorithm\":\"ease\",\"hyperparameters\":{\"lambda\":\"50\","
                + "\"session_weight\":\"1\",\"session_seconds\":\"60\"},\"tune\":{}}")).contains("nothing to tune");
        assertThat(refusal.apply("{\"dataset\":\"d-1\",\"algorithm\":\"ials\",\"hyperparameters\":{\"alpha\":-1},\"tune\":{}}"))
                .contains("hyperparameter alpha");
        assertThat(refusal.apply("{\"dataset\":\"d-1\",\"algorithm\":\"ease\",\"tune\":{}}")).isEqualTo("accepted");
        try {
            assertThat(refusal.apply(java.nio.file.Files.readString(java.nio.file.Path.of("events/train-tune-request.json"))))
                    .as("the sample request").isEqualTo("accepted");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void onDemandJobsHaveNoSpotSettings() {
        var request = new SageMakerLauncher(client, settings(false)).createRequest(new TrainingJobSpec("d", "ials", Map.of()));
        assertThat(request.enableManagedSpotTraining()).isNull();
        assertThat(request.checkpointConfig()).isNull();
        assertThat(request.stoppingCondition().maxWaitTimeInSeconds()).isNull();
        assertThat(request.hyperParameters()).containsExactly(Map.entry("algorithm", "ials"));
    }

    /**
     * Classic algorithms on the CPU type, neural ones (and a two-stage with a neural stage) on the GPU type, a
     * request's own type over both; the champion as a second channel; and the JSON a state machine is handed is the
     * very body the SDK sends.
     */
    @Test
    void eachFamilyGetsItsInstanceTypeAndTheStateMachineGetsTheExactBody() throws Exception {
        stub.stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo("SageMaker.DescribeTrainingJob"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"ValidationException\",\"message\":\"Requested resource not found.\"}")));
        stub.stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo("SageMaker.CreateTrainingJob"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"TrainingJobArn\":\"arn:aws:sagemaker:us-east-1:123456789012:training-job/x\"}")));
        SageMakerLauncher launcher = new SageMakerLauncher(client, settings(false));
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        for (TrainingJobSpec spec : java.util.List.of(
                new TrainingJobSpec("d", "popular", Map.of()), new TrainingJobSpec("d", "ease", Map.of()),
                new TrainingJobSpec("d", "ials", Map.of()), new TrainingJobSpec("d", "mf", Map.of()),
                new TrainingJobSpec("d", "fm", Map.of()), new TrainingJobSpec("d", "neumf", Map.of()),
                new TrainingJobSpec("d", "two-tower", Map.of()), new TrainingJobSpec("d", "dlrm", Map.of()),
                new TrainingJobSpec("d", "wide-deep", Map.of()), new TrainingJobSpec("d", "two-stage", Map.of()),
                new TrainingJobSpec("d", "two-stage", Map.of("ranker", "ease")),
                new TrainingJobSpec("d", "ials", Map.of("factors", "64"), "ml.c5.9xlarge", null, null))) {
            launcher.start(spec.withChampion("ials-0123456789ab"));
            expected.put(spec.jobName(), spec.instanceType("ml.c5.2xlarge", "ml.g5.xlarge"));
        }
        assertThat(expected.values()).containsExactly("ml.c5.2xlarge", "ml.c5.2xlarge", "ml.c5.2xlarge", "ml.c5.2xlarge",
                "ml.c5.2xlarge", "ml.g5.xlarge", "ml.g5.xlarge", "ml.g5.xlarge", "ml.g5.xlarge", "ml.g5.xlarge", "ml.c5.2xlarge",
                "ml.c5.9xlarge");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        var sent = stub.findAll(postRequestedFor(urlEqualTo("/")).withHeader(TARGET, equalTo("SageMaker.CreateTrainingJob")));
        assertThat(sent).hasSize(expected.size());
        for (var request : sent) {
            var body = json.readTree(request.getBodyAsString());
            String job = body.get("TrainingJobName").asText();
            assertThat(body.at("/ResourceConfig/InstanceType").asText()).as(job).isEqualTo(expected.get(job));
            assertThat(body.at("/InputDataConfig/1/ChannelName").asText()).isEqualTo("champion");
            assertThat(body.at("/InputDataConfig/1/DataSource/S3DataSource/S3Uri").asText())
                    .isEqualTo("s3://lambdarec-example-bucket/models/ials-0123456789ab/");
        }
        // what the train function hands the retrain state machine for createTrainingJob.sync: the same body
        TrainingJobSpec retrain = new TrainingJobSpec("d", "dlrm", Map.of()).withChampion("ials-0123456789ab").inRun("weekly-1");
        assertThat(retrain.jobName()).startsWith(TrainingJobSpec.RETRAIN_PREFIX).hasSizeLessThanOrEqualTo(63);
        launcher.start(retrain);
        var last = stub.findAll(postRequestedFor(urlEqualTo("/")).withHeader(TARGET, equalTo("SageMaker.CreateTrainingJob")));
        assertThat(launcher.request(retrain)).isEqualTo(json.readTree(last.get(last.size() - 1).getBodyAsString()));
    }

    /** The Processing job the retrain plan renders for large input is the body the SDK sends for CreateProcessingJob. */
    @Test
    void thePrepareProcessingJobIsTheExactCreateProcessingJobBody() throws Exception {
        stub.stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo("SageMaker.CreateProcessingJob"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"ProcessingJobArn\":\"arn:aws:sagemaker:us-east-1:123456789012:processing-job/p\"}")));
        var jobs = new dev.lambdarec.jobs.sagemaker.SageMakerPrepareJobs(settings(false), "ml.m5.4xlarge", 100);
        String job = "lambdarec-prepare-0123456789abcdef";
        java.util.List<String> mounts = java.util.List.of("raw/", "events/");
        long bytes = 50L << 30; // 50 GiB: a disk of four times that, plus room
        client.createProcessingJob(jobs.createRequest(job, "lambdarec-example-bucket", mounts, bytes));
        var sent = stub.findAll(postRequestedFor(urlEqualTo("/")).withHeader(TARGET, equalTo("SageMaker.CreateProcessingJob")));
        assertThat(sent).hasSize(1);
        var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sent.get(0).getBodyAsString());
        assertThat(jobs.request(job, "lambdarec-example-bucket", mounts, bytes)).isEqualTo(body);
        assertThat(body.at("/ProcessingResources/ClusterConfig/VolumeSizeInGB").asInt()).isEqualTo(220);
        assertThat(body.at("/RoleArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/lambdarec-sagemaker");
        assertThat(body.at("/ProcessingInputs/1/S3Input/LocalPath").asText()).isEqualTo("/opt/ml/processing/input/store/events");
        assertThat(body.at("/ProcessingOutputConfig/Outputs/0/S3Output/LocalPath").asText()).isEqualTo("/opt/ml/processing/output/store/datasets");
        assertThat(body.at("/ProcessingOutputConfig/Outputs/1/S3Output/S3UploadMode").asText()).isEqualTo("EndOfJob");
    }
}
