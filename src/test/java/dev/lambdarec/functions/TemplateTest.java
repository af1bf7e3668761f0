package dev.lambdarec.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.funqy.Funq;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarec.batch.BatchRecommender;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

/** template.yaml and the sample events stay in step with the code. */
class TemplateTest {
    private static final List<Class<?>> FUNCTIONS = List.of(PrepareFunction.class, PredictFunction.class, BatchFunction.class, RegisterFunction.class, TrainFunction.class,
            EventsFunction.class);

    private static Set<String> funqNames() {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : FUNCTIONS) {
            for (Method method : type.getDeclaredMethods()) {
                Funq funq = method.getAnnotation(Funq.class);
                if (funq != null) {
                    names.add(funq.value().isEmpty() ? method.getName() : funq.value());
                }
            }
        }
        return names;
    }

    @Test
    void everyExportedFunctionExistsAndEveryFunctionIsDeployed() throws Exception {
        String template = Files.readString(Path.of("template.yaml"));
        Matcher exports = Pattern.compile("QUARKUS_FUNQY_EXPORT:\\s*(\\S+)").matcher(template);
        Set<String> exported = new TreeSet<>();
        while (exports.find()) {
            exported.add(exports.group(1));
        }
        assertThat(funqNames()).containsAll(exported);
        assertThat(exported).containsExactlyInAnyOrderElementsOf(funqNames());
        assertThat(template).contains("CodeUri: target/function.zip").contains("io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest");
    }

    @Test
    void everySampleEventParsesAndEveryReferencedOneExists() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Path> events;
        try (Stream<Path> files = Files.list(Path.of("events"))) {
            events = files.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertThat(events).hasSizeGreaterThanOrEqualTo(9);
        for (Path event : events) {
            assertThat(json.readTree(event.toFile()).isObject()).as(event.toString()).isTrue();
        }
        List<String> referenced = new ArrayList<>();
        for (String doc : List.of("README.md", "template.yaml")) {
            Matcher m = Pattern.compile("events/[A-Za-z0-9_-]+\\.json").matcher(Files.readString(Path.of(doc)));
            while (m.find()) {
                referenced.add(m.group());
            }
        }
        assertThat(referenced).isNotEmpty();
        for (String path : referenced) {
            assertThat(Path.of(path)).as("referenced %s", path).exists();
        }
    }

    @Test
    void networkStackExportsWhatTheTemplateImports() throws Exception {
        String template = Files.readString(Path.of("template.yaml"));
        String network = Files.readString(Path.of("infra/network.yaml"));
        Matcher imports = Pattern.compile("\\$\\{NetworkStack}-(\\w+)").matcher(template);
        Set<String> imported = new TreeSet<>();
        while (imports.find()) {
            imported.add(imports.group(1));
        }
        Matcher exports = Pattern.compile("Name: !Sub \"\\$\\{AWS::StackName}-(\\w+)\"").matcher(network);
        Set<String> exported = new TreeSet<>();
        while (exports.find()) {
            exported.add(exports.group(1));
        }
        assertThat(imported).containsExactlyInAnyOrder("SubnetIds", "SecurityGroupIds", "RedisUrl");
        assertThat(exported).containsAll(imported);
        assertThat(network).contains("AWS::ElastiCache::ServerlessCache").contains("rediss://");
    }

    /** The state machine's states link up, and its finalise step reads fields the batch function really returns. */
    @Test
    void batchStateMachineIsWellFormedAndReadsRealResultFields() throws Exception {
        JsonNode asl = new ObjectMapper().readTree(Path.of("infra/batch-fanout.asl.json").toFile());
        JsonNode states = asl.get("States");
        assertThat(states.has(asl.get("StartAt").asText())).isTrue();
        List<String> targets = new ArrayList<>();
        for (Iterator<JsonNode> it = states.elements(); it.hasNext(); ) {
            JsonNode state = it.next();
            state.findValues("Next").forEach(n -> targets.add(n.asText()));
            if (state.has("Default")) {
                targets.add(state.get("Default").asText());
            }
        }
        targets.remove("Shard"); // inside the map's own processor
        assertThat(targets).allSatisfy(t -> assertThat(states.has(t)).as("state %s", t).isTrue());
        assertThat(states.at("/Shards/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("DISTRIBUTED");
        Set<String> fields = new HashSet<>(Arrays.stream(BatchRecommender.Result.class.getRecordComponents()).map(RecordComponent::getName).toList());
        Matcher read = Pattern.compile("\\.result\\.(\\w+)").matcher(Files.readString(Path.of("infra/batch-fanout.asl.json")));
        int reads = 0;
        while (read.find()) {
            assertThat(fields).as("a field of the batch result").contains(read.group(1));
            reads++;
        }
        assertThat(reads).isGreaterThanOrEqualTo(2);
        assertThat(states.at("/NotLive/Type").asText()).isEqualTo("Fail");
    }

    /** Every record reachable from a class registered for reflection is registered too (else a native build drops it). */
    @Test
    void reflectionRegistrationCoversNestedRecords() {
        Set<Class<?>> registered = Set.of(JsonBindings.class.getAnnotation(RegisterForReflection.class).targets());
        for (Class<?> type : registered) {
            for (RecordComponent component : type.getRecordComponents()) {
                for (Class<?> used : classesIn(component.getGenericType())) {
                    if (used.isRecord()) {
                        assertThat(registered).as("%s.%s", type.getSimpleName(), component.getName()).contains(used);
                    }
                }
            }
        }
    }

    private static List<Class<?>> classesIn(Type type) {
        List<Class<?>> out = new ArrayList<>();
        if (type instanceof Class<?> c) {
            out.add(c);
        } else if (type instanceof ParameterizedType p) {
            for (Type argument : p.getActualTypeArguments()) {
                out.addAll(classesIn(argument));
            }
        }
        return out;
    }

    /** One resource's block of template.yaml (from its name to the next resource). */
    private static String resource(String template, String name) {
        Matcher start = Pattern.compile("(?m)^  " + name + ":\\n").matcher(template);
        assertThat(start.find()).as("resource %s", name).isTrue();
        Matcher next = Pattern.compile("(?m)^(  \\w+:\\n|\\w+:)").matcher(template);
        int end = next.find(start.end()) ? next.start() : template.length();
        return template.substring(start.start(), end);
    }

    /** What keeps failures visible and access narrow, so that none of it drops out of the template unnoticed. */
    @Test
    void failuresAreKeptAndAlarmedAndAccessIsNarrow() throws Exception {
        String template = Files.readString(Path.of("template.yaml"));
        assertThat(template).contains("LoggingConfig:\n      LogFormat: JSON");
        assertThat(resource(template, "RegisterFunction")).contains("ReservedConcurrentExecutions: 1")
                .contains("Destination: !GetAtt RegisterFailureQueue.Arn");
        assertThat(resource(template, "RegisterFunction")).as("a tuning job's best job is registered, its trials never")
                .contains("detail-type: [SageMaker HyperParameter Tuning Job State Change]")
                .contains("HyperParameterTuningJobName: [{prefix: " + dev.lambdarec.jobs.TuningJobSpec.PREFIX + "}]")
                .contains("TrainingJobName: [{prefix: lambdarec-}]").contains("sagemaker:DescribeHyperParameterTuningJob");
        assertThat(dev.lambdarec.jobs.TuningJobSpec.PREFIX).doesNotStartWith("lambdarec-");
        assertThat(resource(template, "TrainFunction")).contains("sagemaker:CreateHyperParameterTuningJob")
                .contains("hyper-parameter-tuning-job/" + dev.lambdarec.jobs.TuningJobSpec.PREFIX + "*");
        assertThat(resource(template, "PrepareFunction")).contains("Destination: !GetAtt PrepareFailureQueue.Arn");
        assertThat(resource(template, "EventsFunction")).as("events write events/ and nothing else")
                .contains("Destination: !GetAtt EventsFailureQueue.Arn").contains("/events/*\"").doesNotContain("/models/*")
                .doesNotContain("S3CrudPolicy").doesNotContain("s3:DeleteObject").contains("AuthType: AWS_IAM");
        for (String queue : List.of("PrepareFailureQueue", "RegisterFailureQueue", "EventsFailureQueue")) {
            assertThat(resource(template, queue)).contains("MessageRetentionPeriod: 1209600").contains("SqsManagedSseEnabled: true");
            assertThat(resource(template, queue + "Alarm")).contains("ApproximateNumberOfMessagesVisible").contains("!Ref AlarmTopic");
        }
        assertThat(resource(template, "DataBucketPolicy")).contains("aws:SecureTransport: \"false\"").contains("Effect: Deny");
        for (String reader : List.of("PredictFunction", "BatchFunction", "RecommendationsFunction")) {
            String block = resource(template, reader);
            assertThat(block).as(reader).doesNotContain("S3ReadPolicy").doesNotContain("s3:PutObject").contains("/models/*");
        }
        for (String function : funqNames().stream().map(n -> Character.toUpperCase(n.charAt(0)) + n.substring(1)).toList()) {
            assertThat(resource(template, function + "ErrorsAlarm")).contains("MetricName: Errors").contains("!Ref " + function + "Function");
        }
        assertThat(resource(template, "BatchFailedAlarm")).contains("ExecutionsFailed").contains("!Ref BatchStateMachine");
        assertThat(resource(template, "PredictLatencyAlarm")).contains("ExtendedStatistic: p99");
        assertThat(Path.of("scripts/replay-failed.sh")).isExecutable();
    }
}
