package dev.lambdarec.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job: synthetic data through the local S3 server into plain files under --store. */
class LocalPipelineTest {

    @Test
    void syntheticPrepareLeavesAnInspectableDatasetOnDisk(@TempDir Path dir) throws Exception {
        String[] args = {"--synthetic", "--users", "100", "--items", "200", "--interactions", "3000",
            "--store", dir.resolve("store").toString(), "--work", dir.resolve("work").toString(),
            "--stages", "prepare", "--split", "leave-last:2", "--negatives", "2"};
        assertThat(new LocalPipeline(LocalOptions.parse(args)).run()).isZero();

        Path datasets = dir.resolve("store/lambdarec/datasets");
        List<Path> manifests;
        try (Stream<Path> files = Files.walk(datasets)) {
            manifests = files.filter(p -> p.getFileName().toString().equals("manifest.json")).toList();
        }
        assertThat(manifests).hasSize(1);
        JsonNode manifest = new ObjectMapper().readTree(manifests.get(0).toFile());
        assertThat(manifest.at("/counts/rowsRead").asLong()).isEqualTo(3000);
        assertThat(manifest.at("/counts/users").asInt()).isEqualTo(100);
        assertThat(manifest.at("/parameters/split").asText()).isEqualTo("leave-last:2");
        assertThat(manifest.at("/source/uri").asText()).startsWith("s3://lambdarec/raw/synthetic-");
        assertThat(manifests.get(0).resolveSibling("train.npz")).exists();
        assertThat(dir.resolve("store/lambdarec/raw")).isDirectory();

        // the same command again finds the dataset already there and rewrites none of it
        Map<Path, String> before = fingerprints(datasets);
        assertThat(new LocalPipeline(LocalOptions.parse(args)).run()).isZero();
        assertThat(fingerprints(datasets)).isEqualTo(before);
    }

    @Test
    void trainStagePublishesAModelPerAlgorithm(@TempDir Path dir) throws Exception {
        String[] args = {"--synthetic", "--users", "100", "--items", "200", "--interactions", "3000",
            "--store", dir.resolve("store").toString(), "--work", dir.resolve("work").toString(),
            "--stages", "prepare,train,register,batch", "--algorithms", "popular,ease,mf", "--predict", "events/predict-topk.json",
            "--hyperparameter", "ease.tune=off", "--hyperparameter", "ease.lambda=300"};
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(new java.io.OutputStream() { // the console as usual, and a copy
            @Override
            public void write(int b) {
                original.write(b);
                console.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                console.write(bytes, offset, length);
            }
        }, true));
        try {
            assertThat(new LocalPipeline(LocalOptions.parse(args)).run()).isZero();
        } finally {
            System.setOut(original);
        }
        // each job's own log lines reach the console as they come, one line a record, and its trainer.log
        String shown = console.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(shown).containsPattern("(?m)^  mf \\| [0-9:.]+ INFO +\\[dev\\.lambdarec\\.train\\.TrainingLoop\\] mf .*epoch 1/");
        assertThat(shown).containsPattern("(?m)^  ease \\| .*ease: [0-9]+ items, lambda 300\\.0");
        try (Stream<Path> jobs = Files.list(dir.resolve("work/jobs"))) {
            Path mf = jobs.filter(p -> p.getFileName().toString().startsWith("mf-")).findFirst().orElseThrow();
            assertThat(mf.resolve("output/trainer.log")).content().containsPattern("(?m)^[0-9:.]+ INFO +\\[dev\\.lambdarec\\.train\\.TrainingLoop\\] mf .*epoch 1/");
        }
        try (Stream<Path> models = Files.list(dir.resolve("store/lambdarec/models"))) {
            List<String> names = models.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names).hasSize(3).anyMatch(n -> n.startsWith("ease-")).anyMatch(n -> n.startsWith("mf-"));
            for (String name : names) {
                assertThat(dir.resolve("store/lambdarec/models").resolve(name).resolve("model.json")).exists();
                assertThat(dir.resolve("store/lambdarec/models").resolve(name).resolve("report.html")).exists();
            }
        }
        assertThat(dir.resolve("store/lambdarec/models/current.json")).content().contains("\"modelId\" : \"ease-");
        try (Stream<Path> models = Files.list(dir.resolve("store/lambdarec/models"))) { // --hyperparameter reached the job
            Path ease = models.filter(p -> p.getFileName().toString().startsWith("ease-")).findFirst().orElseThrow();
            String card = Files.readString(ease.resolve("model.json"));
            assertThat(card).contains("\"lambda\" : \"300\"").contains("\"tune\" : \"off\"").doesNotContain("\"tuning\"");
        }
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--algorithms", "ease,gpt"})).hasMessageContaining("unknown algorithm 'gpt'");
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--algorithms", "ease", "--hyperparameter", "ials.tune=off"}))
                .hasMessageContaining("ials is not trained");
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--hyperparameter", "lambda=300"}))
                .hasMessageContaining("--hyperparameter takes ALGORITHM.KEY=VALUE");
    }

    /** --events then several --predict: the events are recorded, and the next answers already know them, in order. */
    @Test
    void eventsChangeTheNextPredictAnswers(@TempDir Path dir) throws Exception {
        String[] args = {"--synthetic", "--users", "943", "--items", "1682", "--interactions", "20000",
            "--store", dir.resolve("store").toString(), "--work", dir.resolve("work").toString(),
            "--stages", "prepare,train,register", "--algorithms", "ease", "--events", "events/events-put.json",
            "--predict", "events/predict-topk.json", "--predict", "events/predict-fold-in.json"};
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(new LocalPipeline(LocalOptions.parse(args)).run()).isZero();
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(output).contains("events events/events-put.json:", "\"stored\" : 2", "\"recent\" : \"updated\"");
        assertThat(output.indexOf("predict events/predict-topk.json:")).isPositive()
                .isLessThan(output.indexOf("predict events/predict-fold-in.json:"));
        assertThat(output).as("user 196's list is folded in from the two events just recorded").contains("\"fresh_events\" : 2");
        try (Stream<Path> events = Files.walk(dir.resolve("store/lambdarec/events"))) {
            assertThat(events.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".csv")))
                    .as("the call's two events of one day in one object").hasSize(1)
                    .allSatisfy(f -> assertThat(Files.readString(f).lines()).hasSize(3));
        }
    }

    @Test
    void flagsAreCheckedUpFront() {
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--stages", "prepare,teleport"}))
                .hasMessageContaining("unknown stage 'teleport'");
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--negatives"})).hasMessageContaining("--negatives needs a value");
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--users", "many"})).hasMessageContaining("needs a whole number");
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--synthetic", "--data", "x"})).hasMessageContaining("not both");
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--columns", "user=0,item=1"})).hasMessageContaining("need --format csv");
        assertThat(LocalOptions.parse(new String[] {"--data", "r.csv", "--delimiter", "tab"}).csv().get("delimiter").asText()).isEqualTo("\t");
    }

    /** Each file under dir: its bytes' hash and its modification time (a rewrite of equal bytes still shows). */
    private static Map<Path, String> fingerprints(Path dir) throws Exception {
        Map<Path, String> out = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(file), dev.lambdarec.common.Hashing.sha256(file) + "@" + Files.getLastModifiedTime(file).toMillis());
            }
        }
        return out;
    }
}
