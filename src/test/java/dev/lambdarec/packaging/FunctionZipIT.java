package dev.lambdarec.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.bench.LambdaRuntimeBench;
import dev.lambdarec.local.LocalS3Server;
import dev.lambdarec.testing.RuntimeApiStub;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The artifact SAM deploys, after the build made it: lean, and still a working function. */
class FunctionZipIT {
    private static final Path ZIP = Path.of("target/function.zip");

    @Test
    void holdsNoTrainerOrLocalRunnerClass() throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            Collections.list(zip.entries()).forEach(e -> names.add(e.getName()));
            try (InputStream preload = zip.getInputStream(zip.getEntry("META-INF/quarkus-generated-preload-classes.txt"))) {
                String text = new String(preload.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(text).contains("dev.lambdarec.functions.").doesNotContain("dev.lambdarec.train.").doesNotContain("dev.lambdarec.local.");
            }
        }
        assertThat(names).noneMatch(n -> n.startsWith("dev/lambdarec/train/") || n.startsWith("dev/lambdarec/local/"));
        assertThat(names).contains("dev/lambdarec/functions/FunctionGateway.class", "dev/lambdarec/jobs/AlgorithmSchemas.class",
                "dev/lambdarec/recommend/Recommender.class");
        assertThat(names).noneMatch(n -> n.startsWith("lib/") && (n.contains("djl") || n.contains("tribuo") || n.contains("s3proxy")));
    }

    /** Unpacked as Lambda unpacks it, run under AWS's runtime interface client: it starts and answers. */
    @Test
    void startsAndAnswersUnderTheLambdaRuntime(@TempDir Path dir) throws Exception {
        Path task = Files.createDirectories(dir.resolve("task"));
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                Path target = task.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
        try (RuntimeApiStub api = new RuntimeApiStub(); LocalS3Server s3 = LocalS3Server.inMemory()) {
            s3.createBucket("lambdarec");
            ProcessBuilder builder = api.runtime(task + java.io.File.pathSeparator + task.resolve("lib") + "/*",
                    "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("function.log").toFile());
            builder.environment().putAll(LambdaRuntimeBench.s3Environment(s3));
            builder.environment().put("QUARKUS_FUNQY_EXPORT", "predict");
            Process process = builder.start();
            try {
                JsonNode noModel = new ObjectMapper().readTree(api.invoke("{\"instances\":[{\"user\":\"1\",\"k\":3}]}").get(120, TimeUnit.SECONDS));
                assertThat(noModel.path("error").asText()).as("log: %s", dir.resolve("function.log"))
                        .isEqualTo("no model has been promoted yet (models/current.json is missing)");
                JsonNode malformed = new ObjectMapper().readTree(api.invoke("{\"instances\":").get(60, TimeUnit.SECONDS));
                assertThat(malformed.path("error").asText()).isNotEmpty().doesNotContain("java.").doesNotContain("Exception");
            } finally {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
