package dev.lambdarec.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambdarec.io.NpzFile;
import dev.lambdarec.local.LocalS3Server;
import dev.lambdarec.local.LocalTrainingJob;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.prepare.DatasetManifest;
import dev.lambdarec.prepare.PrepareDefaults;
import dev.lambdarec.prepare.PrepareRequestParser;
import dev.lambdarec.prepare.PrepareResult;
import dev.lambdarec.prepare.PrepareService;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.s3.S3ObjectStore;
import dev.lambdarec.synth.SyntheticInteractions;
import dev.lambdarec.synth.SyntheticSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The users-holdout split end to end: prepare holds 60 users out of training, the trainer folds each one's fold-in
 * part in and scores their target (Liang et al. 2018's strong generalization), on planted synthetic data.
 */
class StrongGeneralizationTest {
    private static final int HELD_OUT = 60;
    private static LocalS3Server server;
    private static S3Client s3;
    private static ObjectStore store;
    private static PrepareResult prepared;

    @TempDir
    Path dir;

    @BeforeAll
    static void prepareAHeldOutDataset(@TempDir Path shared) throws Exception {
        server = LocalS3Server.inMemory();
        server.createBucket("holdout-test");
        s3 = server.client();
        store = new S3ObjectStore(s3, "holdout-test");
        new SyntheticInteractions(new SyntheticSpec(300, 400, 15_000, 4, 0.6, 6.0, 3)).writeMovieLens100k(shared.resolve("raw"));
        prepared = new PrepareService(store, shared.resolve("work"), true, Clock.systemUTC()).prepare(
                new PrepareRequestParser(PrepareDefaults.STANDARD).parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        "{\"source\":\"" + shared.resolve("raw") + "\",\"format\":\"movielens-100k\",\"split\":\"users-holdout:"
                                + HELD_OUT + ":0.8:42\",\"testNegatives\":0}")));
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        server.close();
    }

    @Test
    void heldOutUsersAreInTestOnlyWithTheirFoldInPartMarked() throws Exception {
        String prefix = "datasets/" + prepared.datasetId() + "/";
        store.download(prefix + "train.npz", dir.resolve("train.npz"));
        store.download(prefix + "test.npz", dir.resolve("test.npz"));
        NpzFile train = NpzFile.read(dir.resolve("train.npz"));
        NpzFile test = NpzFile.read(dir.resolve("test.npz"));
        Set<Integer> trainUsers = new HashSet<>();
        for (int user : train.array("user").ints()) {
            trainUsers.add(user);
        }
        int[] users = test.array("user").ints();
        byte[] labels = test.array("label").bytes();
        byte[] foldIn = test.array("fold_in").bytes();
        Map<Integer, int[]> parts = new LinkedHashMap<>(); // user -> {fold-in rows, target rows}
        for (int k = 0; k < users.length; k++) {
            if (labels[k] == 1) {
                parts.computeIfAbsent(users[k], u -> new int[2])[foldIn[k] == 1 ? 0 : 1]++;
            }
        }
        assertThat(parts).hasSize(HELD_OUT);
        assertThat(parts.keySet()).as("no held-out user has a training row").doesNotContainAnyElementsOf(trainUsers);
        long foldInRows = 0;
        long rows = 0;
        for (int[] part : parts.values()) {
            assertThat(part[0]).as("fold-in rows").isPositive();
            assertThat(part[1]).as("target rows").isPositive();
            foldInRows += part[0];
            rows += part[0] + part[1];
        }
        assertThat(foldInRows / (double) rows).isBetween(0.75, 0.85);
        DatasetManifest manifest = prepared.manifest();
        assertThat(manifest.parameters().split()).isEqualTo("users-holdout:" + HELD_OUT + ":0.8:42");
        assertThat(manifest.columns().get("test.npz")).extracting(DatasetManifest.Column::name).contains("fold_in");
        assertThat(manifest.columns().get("train.npz")).extracting(DatasetManifest.Column::name).doesNotContain("fold_in");
    }

    @Test
    void theTrainerFoldsInTheHeldOutUsersAndRecordsStrongGeneralization() throws Exception {
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        for (Map<String, String> hp : new Map[] {Map.of("algorithm", "ials", "factors", "16", "iterations", "8"),
                Map.of("algorithm", "ease", "lambda", "50"), Map.of("algorithm", "popular")}) {
            ModelCard card = new LocalTrainingJob(store, dir.resolve(hp.get("algorithm"))).run(prepared.datasetId(), hp);
            assertThat(card.metrics()).containsKeys("fold_in_recall@20", "fold_in_recall@50", "fold_in_ndcg@100", "ndcg@10")
                    .doesNotContainKeys("sampled_hr@10");
            assertThat(card.metrics().get("users_evaluated")).isEqualTo(HELD_OUT);
            metrics.put(hp.get("algorithm"), card.metrics());
        }
        System.out.printf("strong generalization, %d held-out users of planted data: %s%n", HELD_OUT, metrics.entrySet().stream()
                .map(e -> String.format("%s recall@20 %.3f recall@50 %.3f ndcg@100 %.3f", e.getKey(), e.getValue().get("fold_in_recall@20"),
                        e.getValue().get("fold_in_recall@50"), e.getValue().get("fold_in_ndcg@100"))).toList());
        for (String model : new String[] {"ials", "ease"}) {
            assertThat(metrics.get(model).get("fold_in_ndcg@100")).as(model + " against the popular baseline")
                    .isGreaterThan(metrics.get("popular").get("fold_in_ndcg@100") + 0.05);
            assertThat(metrics.get(model).get("fold_in_recall@50")).isGreaterThan(metrics.get(model).get("fold_in_recall@20") - 1e-9);
        }
    }
}
