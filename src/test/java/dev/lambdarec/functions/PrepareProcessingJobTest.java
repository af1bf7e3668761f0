package dev.lambdarec.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.common.Hashing;
import dev.lambdarec.jobs.sagemaker.SageMakerPrepareJobs;
import dev.lambdarec.jobs.sagemaker.SageMakerSettings;
import dev.lambdarec.local.LocalPrepareJob;
import dev.lambdarec.local.LocalS3Server;
import dev.lambdarec.prepare.PrepareDefaults;
import dev.lambdarec.prepare.PreparePlan;
import dev.lambdarec.prepare.PrepareRequestParser;
import dev.lambdarec.prepare.PrepareService;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.s3.S3ObjectStore;
import dev.lambdarec.synth.SyntheticInteractions;
import dev.lambdarec.synth.SyntheticSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw input larger than one Lambda: the retrain's plan renders a SageMaker Processing job, its entry point runs as a
 * child JVM with SageMaker's layout on the same data, and adopt publishes the dataset, manifest last: the same
 * dataset id, the same files byte for byte and the same manifest as the prepare Lambda writes.
 */
class PrepareProcessingJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "lambdarec";
    private static final String PLAN = "{\"plan\":{\"format\":\"movielens-100k\",\"negatives\":2},\"run\":\"weekly-3\"}";

    @TempDir
    Path dir;

    private static PrepareHandler handler(ObjectStore store, Path work, long lambdaMaxBytes) {
        SageMakerSettings settings = new SageMakerSettings("123456789012.dkr.ecr.us-east-1.amazonaws.com/lambdarec-trainer:1",
                "arn:aws:iam::123456789012:role/lambdarec-sagemaker", "ml.c5.2xlarge", "ml.g5.xlarge", 1, 30, 3600, false, 0,
                BUCKET, "s3://" + BUCKET + "/training/", Map.of("project", "lambdarec"));
        return new PrepareHandler(new PrepareService(store, work, false, Clock.systemUTC()), new PrepareRequestParser(PrepareDefaults.STANDARD),
                store, lambdaMaxBytes, new SageMakerPrepareJobs(settings, "ml.m5.4xlarge", 100));
    }

    private void upload(ObjectStore store) throws Exception {
        Path raw = dir.resolve("raw");
        new SyntheticInteractions(new SyntheticSpec(200, 300, 6_000, 3, 0.6, 6.0, 5)).writeMovieLens100k(raw);
        for (String name : List.of("u.data", "u.item", "u.user")) {
            store.put("raw/ml/" + name, raw.resolve(name), "text/plain");
        }
        store.put("events/dt=2026-12-01/a.csv", (dev.lambdarec.events.EventRecorder.CSV_HEADER + "\n").getBytes(), "text/csv");
    }

    @Test
    void theProcessingJobPreparesTheSameDatasetAsTheLambda() throws Exception {
        JsonNode inLambda;
        ObjectNode lambdaManifest;
        Map<String, String> lambdaFiles;
        try (LocalS3Server server = LocalS3Server.inMemory(); var s3 = server.client()) {
            server.createBucket(BUCKET);
            ObjectStore store = new S3ObjectStore(s3, BUCKET);
            upload(store);
            PrepareHandler prepare = handler(store, dir.resolve("work-lambda"), Long.parseLong(PreparePlan.DEFAULT_LAMBDA_MAX_BYTES));
            JsonNode plan = prepare.handle(JSON.readTree(PLAN));
            assertThat(plan.get("runOn").asText()).isEqualTo("lambda");
            assertThat(plan.has("processingJob")).isFalse();
            inLambda = prepare.handle(plan.get("request"));
            lambdaManifest = manifest(store, inLambda.get("datasetId").asText());
            lambdaFiles = files(store, inLambda.get("datasetId").asText());
        }

        try (LocalS3Server server = LocalS3Server.inMemory(); var s3 = server.client()) {
            server.createBucket(BUCKET);
            ObjectStore store = new S3ObjectStore(s3, BUCKET);
            upload(store);
            PrepareHandler prepare = handler(store, dir.resolve("work-job"), 1_000);
            JsonNode plan = prepare.handle(JSON.readTree(PLAN));
            assertThat(plan.get("runOn").asText()).isEqualTo("processing");
            assertThat(plan.get("inputBytes").asLong()).isGreaterThan(1_000);
            String job = plan.get("jobName").asText();
            assertThat(job).matches("lambdarec-prepare-[0-9a-f]{16}");
            assertThat(JSON.readTree(store.open("prepare-jobs/" + job + "/request.json")).toString()).isEqualTo(plan.get("request").toString());
            JsonNode request = plan.get("processingJob");
            assertThat(request.get("ProcessingJobName").asText()).isEqualTo(job);
            assertThat(request.at("/AppSpecification/ImageUri").asText()).endsWith("lambdarec-trainer:1");
            assertThat(request.at("/AppSpecification/ContainerEntrypoint").toString())
                    .isEqualTo("[\"java\",\"-cp\",\"classes:lib/*\",\"dev.lambdarec.prepare.PrepareJobMain\"]");
            assertThat(request.at("/ProcessingInputs/0/S3Input/S3Uri").asText()).isEqualTo("s3://lambdarec/raw/");
            assertThat(request.at("/ProcessingInputs/0/S3Input/LocalPath").asText()).isEqualTo("/opt/ml/processing/input/store/raw");
            assertThat(request.at("/ProcessingInputs/1/S3Input/S3Uri").asText()).isEqualTo("s3://lambdarec/events/");
            assertThat(request.at("/ProcessingInputs/2/S3Input/S3Uri").asText()).isEqualTo("s3://lambdarec/prepare-jobs/" + job + "/request.json");
            assertThat(request.at("/ProcessingOutputConfig/Outputs/0/S3Output/S3Uri").asText()).isEqualTo("s3://lambdarec/datasets/");
            assertThat(request.at("/ProcessingOutputConfig/Outputs/1/S3Output/S3Uri").asText()).isEqualTo("s3://lambdarec/prepare-jobs/" + job + "/");
            assertThat(request.at("/ProcessingResources/ClusterConfig/InstanceType").asText()).isEqualTo("ml.m5.4xlarge");
            assertThat(request.at("/ProcessingResources/ClusterConfig/VolumeSizeInGB").asInt()).isEqualTo(100);

            // the container's work, here; its dataset files are uploaded, its manifest is held back for adopt
            new LocalPrepareJob(store, dir.resolve("jobs")).run(job);
            String datasetId = inLambda.get("datasetId").asText();
            assertThat(store.exists("datasets/" + datasetId + "/train.npz")).isTrue();
            assertThat(store.exists("datasets/" + datasetId + "/manifest.json")).as("written last, by adopt").isFalse();
            JsonNode adopted = prepare.handle(JSON.readTree("{\"adopt\":\"" + job + "\"}"));
            assertThat(adopted.get("datasetId").asText()).isEqualTo(datasetId);
            assertThat(adopted.get("reused").asBoolean()).isFalse();
            assertThat(adopted.get("counts")).isEqualTo(inLambda.get("counts"));
            assertThat(files(store, datasetId)).isEqualTo(lambdaFiles);
            assertThat(manifest(store, datasetId)).isEqualTo(lambdaManifest);
            assertThat(prepare.handle(JSON.readTree("{\"adopt\":\"" + job + "\"}")).get("reused").asBoolean()).isTrue();

            // a staged manifest whose files never arrived publishes nothing
            String ghost = "lambdarec-prepare-0000000000000000";
            ObjectNode staged = (ObjectNode) JSON.readTree(store.open("prepare-jobs/" + job + "/manifest.json"));
            staged.put("datasetId", "ghost-1");
            store.put("prepare-jobs/" + ghost + "/manifest.json", JSON.writeValueAsBytes(staged), "application/json");
            store.put("prepare-jobs/" + ghost + "/result.json", "{}".getBytes(), "application/json");
            assertThatThrownBy(() -> prepare.handle(JSON.readTree("{\"adopt\":\"" + ghost + "\"}")))
                    .hasMessageContaining("datasets/ghost-1/train.npz is missing");
            assertThat(store.exists("datasets/ghost-1/manifest.json")).isFalse();
            // a job that never ran, or a name that is not a job's
            assertThat(prepare.handle(JSON.readTree("{\"adopt\":\"lambdarec-prepare-1111111111111111\"}")).get("error").asText())
                    .contains("has not finished, or never ran");
            assertThat(prepare.handle(JSON.readTree("{\"adopt\":\"../models\"}")).get("error").asText()).contains("must name a prepare");
        }
    }

    @Test
    void anInputTheJobRefusesIsAnsweredAsTheLambdaAnswersIt() throws Exception {
        try (LocalS3Server server = LocalS3Server.inMemory(); var s3 = server.client()) {
            server.createBucket(BUCKET);
            ObjectStore store = new S3ObjectStore(s3, BUCKET);
            store.put("raw/bad/u.data", "not\ta\tnumber\n".repeat(100).getBytes(), "text/plain");
            PrepareHandler prepare = handler(store, dir.resolve("work"), 100);
            JsonNode plan = prepare.handle(JSON.readTree(PLAN));
            String job = plan.get("jobName").asText();
            new LocalPrepareJob(store, dir.resolve("jobs")).run(job);
            String refused = prepare.handle(JSON.readTree("{\"adopt\":\"" + job + "\"}")).get("error").asText();
            assertThat(refused).contains("u.data: none of the 100 rows is valid");
            assertThat(store.list("datasets/").stream().filter(k -> k.endsWith("/manifest.json"))).isEmpty();
        }
    }

    /** The manifest without what differs from run to run (when, how long). */
    private static ObjectNode manifest(ObjectStore store, String datasetId) throws Exception {
        ObjectNode manifest = (ObjectNode) JSON.readTree(store.open("datasets/" + datasetId + "/manifest.json"));
        manifest.remove(List.of("created", "timingsSeconds"));
        return manifest;
    }

    private static Map<String, String> files(ObjectStore store, String datasetId) throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        for (String key : store.list("datasets/" + datasetId + "/")) {
            if (!key.endsWith("manifest.json")) {
                out.put(key, Hashing.sha256(store.open(key).readAllBytes()));
            }
        }
        return out;
    }
}
