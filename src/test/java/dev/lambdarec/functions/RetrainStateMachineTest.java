package dev.lambdarec.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.jobs.TrainingJobSpec;
import dev.lambdarec.jobs.sagemaker.SageMakerLauncher;
import dev.lambdarec.jobs.sagemaker.SageMakerSettings;
import dev.lambdarec.local.LocalS3Server;
import dev.lambdarec.model.ModelRegistry;
import dev.lambdarec.prepare.PrepareDefaults;
import dev.lambdarec.prepare.PreparePlan;
import dev.lambdarec.prepare.PrepareRequestParser;
import dev.lambdarec.prepare.PrepareService;
import dev.lambdarec.register.Registrar;
import dev.lambdarec.register.RetrainOutcome;
import dev.lambdarec.register.TrainingJobEvent;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.s3.S3ObjectStore;
import dev.lambdarec.synth.SyntheticInteractions;
import dev.lambdarec.synth.SyntheticSpec;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateProcessingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeProcessingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;

/**
 * infra/retrain.asl.json against the functions it calls: every state is reachable and every transition lands on a
 * state; every field a state reads is one the step before really returns, taken from real answers of the prepare
 * and train functions' code, the SDK's own shapes of CreateTrainingJob and DescribeTrainingJob, and register's
 * decision; and the decision's terms are {@link RetrainOutcome}'s.
 */
class RetrainStateMachineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ASL = Path.of("infra/retrain.asl.json");

    @Test
    void everyStateIsReachableAndEveryTransitionLands() throws Exception {
        JsonNode asl = JSON.readTree(ASL.toFile());
        checkGraph(asl, "retrain");
        JsonNode states = asl.get("States");
        assertThat(states.at("/Train/ItemProcessor/States/TrainingJob/Resource").asText())
                .isEqualTo("arn:aws:states:::sagemaker:createTrainingJob.sync");
        assertThat(states.at("/Batch/Resource").asText()).isEqualTo("arn:aws:states:::states:startExecution.sync:2");
        // every task that can fail is caught, and every catch ends the execution failed with its cause
        assertThat(states.at("/PrepareAsProcessingJob/Resource").asText()).isEqualTo("arn:aws:states:::sagemaker:createProcessingJob.sync");
        for (String task : List.of("PlanPrepare", "Prepare", "PrepareAsProcessingJob", "AdoptPrepared", "PlanTraining", "Train", "Register", "Batch")) {
            assertThat(states.at("/" + task + "/Catch/0/Next").asText()).as(task).isEqualTo("StepFailed");
        }
        assertThat(states.at("/StepFailed/Type").asText()).isEqualTo("Fail");
        assertThat(states.at("/StepFailed/CausePath").asText()).isEqualTo("$.failure.Cause");
    }

    /** Reachability from StartAt, inside Map processors too; Next, Default, Choices and Catch targets exist. */
    private static void checkGraph(JsonNode machine, String name) {
        JsonNode states = machine.get("States");
        Set<String> reached = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(machine.get("StartAt").asText()));
        while (!todo.isEmpty()) {
            String at = todo.remove(0);
            assertThat(states.has(at)).as("%s: state %s", name, at).isTrue();
            if (!reached.add(at)) {
                continue;
            }
            JsonNode state = states.get(at);
            List<JsonNode> next = new ArrayList<>();
            if (state.has("Next")) {
                next.add(state.get("Next"));
            }
            if (state.has("Default")) {
                next.add(state.get("Default"));
            }
            state.path("Choices").forEach(c -> next.add(c.get("Next")));
            state.path("Catch").forEach(c -> next.add(c.get("Next")));
            next.forEach(n -> todo.add(n.asText()));
            assertThat(state.has("Next") || state.has("End") || state.has("Choices")
                    || List.of("Succeed", "Fail").contains(state.get("Type").asText())).as("%s: %s ends or goes on", name, at).isTrue();
            if (state.has("ItemProcessor")) {
                checkGraph(state.get("ItemProcessor"), name + "/" + at);
            }
        }
        List<String> all = new ArrayList<>();
        states.fieldNames().forEachRemaining(all::add);
        assertThat(reached).as("%s: states reached from %s", name, machine.get("StartAt").asText()).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void everyFieldAStateReadsIsOneTheStepBeforeReturns(@TempDir Path dir) throws Exception {
        String text = Files.readString(ASL);
        Map<String, Set<String>> returned = realAnswers(dir);
        Set<String> decision = names(Registrar.Decision.class);
        decision.add("error"); // register answers a decision, or {"error"} for an event it cannot read
        returned.put("outcome", Set.of("promoted", "corrupt", "jobFailed", "decisions"));
        returned.put("failure", Set.of("Error", "Cause")); // what Catch puts under ResultPath
        returned.put("batch", Set.of());
        returned.put("processing", Set.of());
        returned.put("trained", Set.of()); // the Train map's results, each TrainingJob's selection (checked below)

        // the execution's input: what the schedule in template.yaml sends
        String template = Files.readString(Path.of("template.yaml"));
        Matcher input = Pattern.compile("(?s)RetrainStateMachine:.*?Input: !Sub '(.*?)'").matcher(template);
        assertThat(input.find()).isTrue();
        JsonNode scheduled = JSON.readTree(input.group(1).replace("${BatchShards}", "8").replace("${RetrainFormat}", "movielens-100k")
                .replace("${RetrainAlgorithms}", "ials,two-stage"));
        Set<String> executionInput = new HashSet<>();
        scheduled.fieldNames().forEachRemaining(executionInput::add);
        returned.put("prepare", Set.of()); // passed whole to the plan, never read into
        returned.put("algorithms", Set.of());
        returned.put("shards", Set.of());
        assertThat(executionInput).containsExactlyInAnyOrder("prepare", "algorithms", "shards");
        assertThat(new PrepareRequestParser(PrepareDefaults.STANDARD).parse(((com.fasterxml.jackson.databind.node.ObjectNode) scheduled.get("prepare").deepCopy())
                .put("source", "s3://bkt/raw/"))).isNotNull();

        int reads = 0;
        // what a state reads (ResultPath says where a result goes: a write)
        Matcher path = Pattern.compile("\"\\$\\.([A-Za-z]+)((?:\\.[A-Za-z]+|\\[\\*\\])*)")
                .matcher(text.replaceAll("\"ResultPath\": \"[^\"]*\"", ""));
        while (path.find()) {
            String root = path.group(1);
            List<String> rest = Arrays.stream(path.group(2).split("\\.")).filter(s -> !s.isEmpty() && !s.equals("[*]"))
                    .map(s -> s.replace("[*]", "")).toList();
            reads++;
            switch (root) {
                case "planned" -> assertThat(returned.get("preparePlan")).as(path.group()).contains(rest.get(1));
                case "prepared" -> assertThat(returned.get("prepareAnswer")).as(path.group()).contains(rest.get(1));
                case "training" -> assertThat(returned.get("trainPlan")).as(path.group()).contains(rest.get(1));
                case "registered" -> assertThat(rest.size() > 1 ? decision.contains(rest.get(1)) : rest.equals(List.of("decision")))
                        .as(path.group()).isTrue();
                case "decision" -> assertThat(decision).as(path.group()).contains(rest.get(0));
                case "Payload" -> assertThat(rest).isEmpty(); // a Lambda task's answer, taken whole
                case "TrainingJobName", "TrainingJobStatus", "ModelArtifacts" ->
                        assertThat(returned.get("describeTrainingJob")).as(path.group()).contains(root);
                case "ProcessingJobName", "ProcessingJobStatus" ->
                        assertThat(returned.get("describeProcessingJob")).as(path.group()).contains(root);
                case "ExecutionArn", "Status" -> assertThat(List.of("ExecutionArn", "Status")).contains(root); // DescribeExecution
                default -> {
                    assertThat(returned).as("a field the state machine reads: %s", path.group()).containsKey(root);
                    if (!rest.isEmpty()) {
                        assertThat(returned.get(root)).as(path.group()).contains(rest.get(0));
                    }
                }
            }
        }
        assertThat(reads).isGreaterThan(15);
        // the outcome's terms are RetrainOutcome's, the same ones run-local --retrain decides with
        for (String outcome : RetrainOutcome.FAILURES) {
            assertThat(text).contains("States.ArrayContains($.registered[*].decision.outcome, '" + outcome + "')");
        }
        assertThat(text).contains("States.ArrayContains($.registered[*].decision.outcome, '" + RetrainOutcome.PROMOTED + "')");
        // the batch fan-out reads what it is started with
        assertThat(Files.readString(Path.of("infra/batch-fanout.asl.json"))).contains("\"shards.$\": \"$.shards\"");
    }

    /** The answers of the steps, from the functions' own code on a real (in-process) bucket. */
    private static Map<String, Set<String>> realAnswers(Path dir) throws Exception {
        Map<String, Set<String>> out = new HashMap<>();
        try (LocalS3Server server = LocalS3Server.inMemory(); var s3 = server.client()) {
            server.createBucket("bkt");
            ObjectStore store = new S3ObjectStore(s3, "bkt");
            Path raw = dir.resolve("raw");
            new SyntheticInteractions(new SyntheticSpec(50, 60, 1_500, 3, 0.6, 6.0, 3)).writeMovieLens100k(raw);
            for (String name : List.of("u.data", "u.item", "u.user")) {
                store.put("raw/upload/" + name, raw.resolve(name), "text/plain");
            }
            PrepareHandler prepare = new PrepareHandler(new PrepareService(store, dir.resolve("work"), false, Clock.systemUTC()),
                    new PrepareRequestParser(PrepareDefaults.STANDARD), store, Long.parseLong(PreparePlan.DEFAULT_LAMBDA_MAX_BYTES), null);
            JsonNode plan = prepare.handle(JSON.readTree("{\"plan\":{\"format\":\"movielens-100k\",\"negatives\":0}}"));
            assertThat(plan.get("runOn").asText()).isEqualTo("lambda");
            assertThat(plan.at("/request/sources/0").asText()).isEqualTo("s3://bkt/raw/");
            // the same plan above lambda-max-bytes: a Processing job, CreateProcessingJob member for member
            SageMakerSettings settings = new SageMakerSettings("image", "arn:aws:iam::1:role/r", "ml.c5.2xlarge", "ml.g5.xlarge", 1, 30,
                    3600, false, 0, "bkt", "s3://bkt/training/", Map.of());
            JsonNode large = new PrepareHandler(new PrepareService(store, dir.resolve("work"), false, Clock.systemUTC()),
                    new PrepareRequestParser(PrepareDefaults.STANDARD), store, 100,
                    new dev.lambdarec.jobs.sagemaker.SageMakerPrepareJobs(settings, "ml.m5.4xlarge", 100))
                    .handle(JSON.readTree("{\"plan\":{\"format\":\"movielens-100k\",\"negatives\":0},\"run\":\"exec-1\"}"));
            assertThat(large.get("runOn").asText()).isEqualTo("processing");
            Set<String> createProcessing = wireNames(CreateProcessingJobRequest.builder().build().sdkFields());
            large.get("processingJob").fieldNames().forEachRemaining(f -> assertThat(createProcessing).as("CreateProcessingJob member").contains(f));
            out.put("describeProcessingJob", wireNames(DescribeProcessingJobResponse.builder().build().sdkFields()));
            out.put("preparePlan", fields(plan, large, prepare.handle(JSON.readTree("{\"plan\":{\"format\":\"nope\"}}"))));
            JsonNode prepared = prepare.handle(plan.get("request"));
            out.put("prepareAnswer", fields(prepared, prepare.handle(JSON.readTree("{\"source\":\"s3://bkt/none/\",\"format\":\"csv\"}"))));

            SageMakerLauncher launcher = new SageMakerLauncher(SageMakerClient.builder()
                    .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build(),
                    settings);
            TrainHandler train = new TrainHandler(store, launcher, new ModelRegistry(store, dir.resolve("registry")));
            JsonNode trainPlan = train.handle(JSON.readTree("{\"retrain\":{\"dataset\":\"" + prepared.get("datasetId").asText()
                    + "\",\"algorithms\":\"ials,two-stage\",\"run\":\"exec-1\"}}"));
            out.put("trainPlan", fields(trainPlan, train.handle(JSON.readTree("{\"retrain\":{\"dataset\":\"none\",\"run\":\"x\"}}"))));
            // each planned job is a CreateTrainingJob request, member for member
            assertThat(trainPlan.get("jobs")).hasSize(2);
            Set<String> create = wireNames(CreateTrainingJobRequest.builder().build().sdkFields());
            for (JsonNode job : trainPlan.get("jobs")) {
                job.fieldNames().forEachRemaining(f -> assertThat(create).as("CreateTrainingJob member").contains(f));
                assertThat(job.get("TrainingJobName").asText()).startsWith(TrainingJobSpec.RETRAIN_PREFIX);
            }
            Set<String> describe = wireNames(DescribeTrainingJobResponse.builder().build().sdkFields());
            out.put("describeTrainingJob", describe);
            // what the Register step sends is an event register reads
            TrainingJobEvent event = TrainingJobEvent.parse(JSON.readTree("{\"detail-type\":\"SageMaker Training Job State Change\","
                    + "\"detail\":{\"TrainingJobName\":\"retrain-lambdarec-ials-1\",\"TrainingJobStatus\":\"Completed\","
                    + "\"ModelArtifacts\":{\"S3ModelArtifacts\":\"s3://b/training/j/output/model.tar.gz\"}}}"));
            assertThat(event.artifactUri()).endsWith("model.tar.gz");
        }
        return out;
    }

    private static Set<String> fields(JsonNode... answers) {
        Set<String> names = new HashSet<>();
        for (JsonNode answer : answers) {
            for (Iterator<String> it = answer.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
        }
        return names;
    }

    private static Set<String> names(Class<? extends Record> type) {
        Set<String> names = new HashSet<>();
        for (RecordComponent component : type.getRecordComponents()) {
            names.add(component.getName());
        }
        return names;
    }

    private static Set<String> wireNames(List<SdkField<?>> fields) {
        Set<String> names = new HashSet<>();
        fields.forEach(f -> names.add(f.locationName()));
        return names;
    }
}
