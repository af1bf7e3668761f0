package dev.lambdarec.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.local.LocalS3Server;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.prepare.PrepareDefaults;
import dev.lambdarec.prepare.PrepareRequestParser;
import dev.lambdarec.prepare.PrepareService;
import dev.lambdarec.serve.PredictLimits;
import dev.lambdarec.serve.Predictor;
import dev.lambdarec.serve.PredictorTest;
import dev.lambdarec.store.s3.S3ObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The committed hostile corpus (src/test/resources/hostile/, written by scripts/hostile-corpus.py) through the
 * functions' own entry: the gateway reading raw payload bytes, then predict's routes or the prepare handler on a
 * real in-process S3 server. Every answer is the documented JSON with the expected status; none names a Java class
 * or carries a stack trace, and none takes longer than its timeout.
 */
class HostileCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "lambdarec-example-bucket";
    private static final List<String> LEAKS = List.of("java.", "Exception", "\tat ", "dev.lambdarec", "com.fasterxml",
            "io.quarkus", "jakarta.", "StackTrace");

    private static final ServingModel MODEL = PredictorTest.model("m-hostile", 11);
    private static final FunctionGateway GATEWAY = new FunctionGateway(PredictLimits.DEFAULT.maxBodyBytes());
    private static final PredictHandler PREDICT = new PredictHandler(() -> MODEL, new Predictor(PredictLimits.DEFAULT), "lambdarec");
    private static LocalS3Server s3;
    private static S3Client client;
    private static PrepareHandler prepare;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = LocalS3Server.inMemory();
        s3.createBucket(BUCKET);
        client = s3.client();
        S3ObjectStore store = new S3ObjectStore(client, BUCKET);
        prepare = new PrepareHandler(new PrepareService(store, dir.resolve("work"), false, Clock.systemUTC()),
                new PrepareRequestParser(PrepareDefaults.STANDARD), store, Long.parseLong(dev.lambdarec.prepare.PreparePlan.DEFAULT_LAMBDA_MAX_BYTES), null);
    }

    @AfterAll
    static void stopS3() throws Exception {
        client.close();
        s3.close();
    }

    static Stream<JsonNode> predictCases() throws IOException {
        return cases("predict.jsonl");
    }

    static Stream<JsonNode> prepareCases() throws IOException {
        return cases("prepare.jsonl");
    }

    private static Stream<JsonNode> cases(String file) throws IOException {
        List<JsonNode> cases = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/hostile", file))) {
            cases.add(JSON.readTree(line));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{index} {0}")
    @MethodSource("predictCases")
    @Timeout(60)
    void predictAnswersEveryHostileBody(JsonNode entry) throws Exception {
        byte[] body = body(entry);
        List<Integer> expected = new ArrayList<>();
        entry.get("status").forEach(s -> expected.add(s.asInt()));
        int status;
        String answer;
        if (entry.has("envelope")) {
            JsonNode response = GATEWAY.serve(LambdaPayload.of(envelope(entry.get("envelope"), body)), PREDICT::route);
            status = response.get("statusCode").asInt();
            assertThat(response.get("headers").get("content-type").asText()).isEqualTo("application/json");
            answer = response.get("body").asText();
        } else {
            Answer direct = GATEWAY.answer(LambdaPayload.of(body), PREDICT::route, new boolean[1]);
            status = direct.status();
            answer = JSON.writeValueAsString(direct.body());
        }
        check(entry, status, expected, answer);
    }

    @ParameterizedTest(name = "{index} {0}")
    @MethodSource("prepareCases")
    @Timeout(120)
    void prepareAnswersEveryHostileRequestAndFile(JsonNode entry) throws Exception {
        byte[] body = entry.path("generate").asText("").startsWith("file:")
                ? hostileFile(entry.get("generate").asText().substring(5)) : body(entry);
        List<Integer> expected = new ArrayList<>();
        entry.get("status").forEach(s -> expected.add(s.asInt()));
        JsonNode answer = GATEWAY.invoke(LambdaPayload.of(body), prepare::handle);
        check(entry, answer.has("error") ? Answer.BAD_REQUEST : Answer.OK, expected, JSON.writeValueAsString(answer));
    }

    private static void check(JsonNode entry, int status, List<Integer> expected, String answer) throws IOException {
        String name = entry.get("name").asText();
        assertThat(JSON.readTree(answer).isObject()).as(name + ": a JSON object").isTrue();
        assertThat(status).as(name + ": status of " + abbreviate(answer)).isIn(expected);
        if (entry.has("contains")) {
            assertThat(answer).as(name).contains(entry.get("contains").asText());
        }
        for (String leak : LEAKS) {
            assertThat(answer).as(name + ": no trace of the implementation").doesNotContain(leak);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static byte[] body(JsonNode entry) {
        if (entry.has("body_base64")) {
            return Base64.getDecoder().decode(entry.get("body_base64").asText());
        }
        String generate = entry.path("generate").asText("");
        if (generate.startsWith("pad:")) {
            int bytes = Integer.parseInt(generate.substring(4));
            return ("{\"instances\":[{\"user\":\"u1\",\"k\":3,\"exclude\":[\"" + "x".repeat(bytes) + "\"]}]}").getBytes(StandardCharsets.UTF_8);
        }
        JsonNode body = entry.get("body");
        return body == null || body.isNull() ? null : body.asText().getBytes(StandardCharsets.UTF_8);
    }

    /** The sample Function URL event with this case's method, path and body. */
    private static byte[] envelope(JsonNode spec, byte[] body) throws IOException {
        ObjectNode envelope = (ObjectNode) JSON.readTree(Files.readString(Path.of("events/predict-function-url.json")));
        ((ObjectNode) envelope.at("/requestContext/http")).put("method", spec.get("method").asText()).put("path", spec.get("path").asText());
        envelope.put("rawPath", spec.get("path").asText());
        envelope.remove("body");
        envelope.put("isBase64Encoded", false);
        if (spec.has("pad")) {
            body = ("{\"instances\":[{\"user\":\"u1\",\"k\":3,\"exclude\":[\"" + "x".repeat(spec.get("pad").asInt()) + "\"]}]}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (spec.has("body_json")) {
            envelope.set("body", spec.get("body_json"));
        } else if (spec.has("base64_bytes")) {
            envelope.put("body", spec.get("base64_bytes").asText()).put("isBase64Encoded", true);
        } else if (body != null && spec.path("base64_raw").asBoolean()) {
            envelope.put("body", new String(body, StandardCharsets.UTF_8)).put("isBase64Encoded", true);
        } else if (body != null && spec.path("base64").asBoolean()) {
            envelope.put("body", Base64.getEncoder().encodeToString(body)).put("isBase64Encoded", true);
        } else if (body != null) {
            envelope.put("body", new String(body, StandardCharsets.UTF_8));
        }
        return JSON.writeValueAsBytes(envelope);
    }

    /** Makes one hostile raw input, uploads it under raw/ and returns the prepare request naming it. */
    private static byte[] hostileFile(String kind) throws Exception {
        Path file;
        String format = "csv";
        byte[] row = "196\t242\t3\t881250949\n".getBytes(StandardCharsets.US_ASCII);
        switch (kind) {
            case "one-line-zip" -> file = zip(kind + ".zip", List.of("ratings.csv"), "a".getBytes(StandardCharsets.US_ASCII), 48L << 20);
            case "row-bomb-zip" -> {
                file = zip(kind + ".zip", List.of("ml-100k/u.data"), row, 400L << 20);
                format = "movielens-100k";
            }
            case "traversal-names-zip" -> {
                file = zip(kind + ".zip", List.of("../../../etc/u.data", "ml-100k/../../u.data"), row, 1 << 10);
                format = "movielens-100k";
            }
            case "gz-bomb" -> {
                file = dir.resolve(kind + ".csv.gz");
                try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
                    out.write("user,item,rating\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] block = "1,2,5\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
                    for (long written = 0; written < (400L << 20); written += block.length) {
                        out.write(block);
                    }
                }
            }
            case "not-a-zip" -> file = Files.write(dir.resolve(kind + ".zip"), "this is not a zip archive".getBytes(StandardCharsets.US_ASCII));
            case "empty-file" -> file = Files.write(dir.resolve(kind + ".csv"), new byte[0]);
            case "mostly-rejects" -> file = Files.write(dir.resolve(kind + ".csv"),
                    "user,item,rating\nx,,5\n,y,4\na,b,NaN\na,b,4\n".getBytes(StandardCharsets.US_ASCII));
            case "only-rejects" -> file = Files.write(dir.resolve(kind + ".csv"),
                    "user,item,rating\nx,,5\n,y,4\na,b,NaN\n".getBytes(StandardCharsets.US_ASCII));
            case "binary-garbage" -> {
                byte[] bytes = new byte[1 << 16];
                new Random(7).nextBytes(bytes);
                file = Files.write(dir.resolve(kind + ".csv"), bytes);
            }
            default -> throw new IllegalArgumentException("no hostile file kind " + kind);
        }
        String key = "raw/" + file.getFileName();
        new S3ObjectStore(client, BUCKET).put(key, file, "application/octet-stream");
        return ("{\"source\":\"s3://" + BUCKET + "/" + key + "\",\"format\":\"" + format + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static Path zip(String name, List<String> members, byte[] unit, long bytes) throws IOException {
        return dev.lambdarec.testing.Bombs.zip(dir.resolve(name), members, unit, bytes);
    }
}
