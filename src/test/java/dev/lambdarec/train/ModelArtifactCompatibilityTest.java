package dev.lambdarec.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.common.Directories;
import dev.lambdarec.local.LocalS3Server;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.ModelRegistry;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.prepare.PrepareDefaults;
import dev.lambdarec.prepare.PrepareRequestParser;
import dev.lambdarec.prepare.PrepareService;
import dev.lambdarec.recommend.ItemFilter;
import dev.lambdarec.recommend.Recommendation;
import dev.lambdarec.recommend.Recommender;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.StoreLayout;
import dev.lambdarec.store.s3.S3ObjectStore;
import dev.lambdarec.synth.SyntheticInteractions;
import dev.lambdarec.synth.SyntheticSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Models written by an earlier version stay readable (Tribuo's habit): small models of every scorer family, made by
 * the trainer and committed under src/test/resources/artifacts/, must still pass register's verification, load as
 * predict loads them and give the very lists they gave when written. A format change is then a decision (a new
 * artifacts directory and a reader for the old one), not an accident.
 * Regenerate with {@code ./mvnw test -Dtest=ModelArtifactCompatibilityTest -Dlambdarec.write-artifacts=true}.
 */
class ModelArtifactCompatibilityTest {
    private static final Path ARTIFACTS = Path.of("src/test/resources/artifacts/model-schema-" + ModelCard.SCHEMA_VERSION);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> USERS = List.of("1", "2", "3", "17", "40");
    private static final Map<String, String> JOBS = Map.of(
            "popular", "{\"algorithm\":\"popular\"}",
            "ease", "{\"algorithm\":\"ease\",\"lambda\":\"50\"}",
            "ials", "{\"algorithm\":\"ials\",\"factors\":\"8\",\"iterations\":\"3\"}",
            "mf", "{\"algorithm\":\"mf\",\"method\":\"sgd\",\"factors\":\"4\",\"epochs\":\"3\"}",
            "neumf", "{\"algorithm\":\"neumf\",\"factors\":\"4\",\"layers\":\"8,4\",\"epochs\":\"1\"}",
            "dlrm", "{\"algorithm\":\"dlrm\",\"factors\":\"4\",\"epochs\":\"1\"}",
            "two-stage", "{\"algorithm\":\"two-stage\",\"ranker\":\"ease\",\"blend\":\"0.5,0.5\",\"retriever.factors\":\"4\",\"candidates\":\"30\"}");

    @Test
    void committedModelsStillVerifyLoadAndScoreAsTheyDid(@TempDir Path scratch) throws Exception {
        if (Boolean.getBoolean("lambdarec.write-artifacts")) {
            write(scratch);
        }
        List<Path> dirs;
        try (Stream<Path> list = Files.list(ARTIFACTS)) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(dirs.stream().map(d -> d.getFileName().toString())).containsExactlyInAnyOrderElementsOf(JOBS.keySet());
        for (Path dir : dirs) {
            ServingModel model = ModelRegistry.verify(dir);
            JsonNode expected = JSON.readTree(dir.resolve("expected.json").toFile());
            assertThat(model.modelId()).isEqualTo(expected.get("modelId").asText());
            JsonNode now = lists(model);
            for (String user : USERS) {
                JsonNode was = expected.get("lists").get(user);
                JsonNode is = now.get(user);
                assertThat(is.findValuesAsText("item")).as("%s, user %s", dir.getFileName(), user).isEqualTo(was.findValuesAsText("item"));
                for (int n = 0; n < was.size(); n++) {
                    assertThat(is.get(n).get("score").asDouble()).as("%s, user %s, rank %d", dir.getFileName(), user, n)
                            .isCloseTo(was.get(n).get("score").asDouble(), org.assertj.core.api.Assertions.within(1e-6));
                }
            }
        }
    }

    /** Each user's top 5 as {"user":[{"item","score"}...]}. */
    private static ObjectNode lists(ServingModel model) {
        ObjectNode out = JSON.createObjectNode();
        for (String user : USERS) {
            Recommendation list = Recommender.unfiltered().recommend(model, user, 5, ItemFilter.NONE);
            out.set(user, list.json(model).get("items"));
        }
        return out;
    }

    /** Prepares a small synthetic MovieLens dataset and trains each job with the trainer, as a training job does. */
    private static void write(Path scratch) throws Exception {
        new SyntheticInteractions(new SyntheticSpec(80, 100, 3_000, 3, 0.6, 6.0, 11)).writeMovieLens100k(scratch.resolve("raw"));
        try (LocalS3Server server = LocalS3Server.inMemory(); S3Client s3 = server.client()) {
            server.createBucket("artifacts");
            ObjectStore store = new S3ObjectStore(s3, "artifacts");
            String datasetId = new PrepareService(store, scratch.resolve("work"), true, Clock.systemUTC()).prepare(
                    new PrepareRequestParser(PrepareDefaults.STANDARD).parse(JSON.readTree("{\"source\":\"" + scratch.resolve("raw")
                            + "\",\"format\":\"movielens-100k\",\"split\":\"leave-last:2\"}"))).datasetId();
            Directories.deleteRecursively(ARTIFACTS);
            for (Map.Entry<String, String> job : JOBS.entrySet()) {
                Path root = scratch.resolve("job-" + job.getKey());
                Files.createDirectories(root.resolve("input/config"));
                Files.writeString(root.resolve("input/config/hyperparameters.json"), job.getValue());
                Path channel = Files.createDirectories(root.resolve("input/data/" + StoreLayout.TRAINING_CHANNEL));
                for (String key : store.list(StoreLayout.dataset(datasetId))) {
                    store.download(key, channel.resolve(key.substring(key.lastIndexOf('/') + 1)));
                }
                new Trainer(root, Clock.systemUTC()).run();
                Path out = Files.createDirectories(ARTIFACTS.resolve(job.getKey()));
                try (Stream<Path> files = Files.list(root.resolve("model"))) {
                    for (Path file : files.toList()) {
                        Files.copy(file, out.resolve(file.getFileName()));
                    }
                }
                ServingModel model = ModelRegistry.verify(out);
                ObjectNode expected = JSON.createObjectNode().put("modelId", model.modelId());
                expected.set("lists", lists(model));
                JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("expected.json").toFile(), expected);
            }
        }
    }
}
