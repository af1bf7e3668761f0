package dev.lambdarec.register;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.local.LocalS3Server;
import dev.lambdarec.local.LocalTrainingJob;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.ModelRegistry;
import dev.lambdarec.prepare.PrepareDefaults;
import dev.lambdarec.prepare.PrepareRequestParser;
import dev.lambdarec.prepare.PrepareService;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.s3.S3ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Champion and challenger on the same split, on planted data whose metrics on different splits point the wrong way:
 * users in 4 clusters of 50 items each; a dataset's test is each user's last 5 interactions (leave-last:5), so what
 * a split measures is planted by what users did last.
 */
class ChampionChallengerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int USERS = 300;
    private static final int ITEMS = 200;
    private static LocalS3Server server;
    private static S3Client s3;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = LocalS3Server.inMemory();
        s3 = server.client();
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        server.close();
    }

    /** One fresh bucket: a registry, its jobs and its register. */
    private record Registry(ObjectStore store, ModelRegistry models, Registrar registrar, LocalTrainingJob jobs) {
        static Registry fresh(String bucket) {
            server.createBucket(bucket);
            ObjectStore store = new S3ObjectStore(s3, bucket);
            ModelRegistry models = new ModelRegistry(store, dir.resolve(bucket + "-scratch"));
            return new Registry(store, models, new Registrar(store, models, new PromotionGate("ndcg@10", 0.0),
                    dir.resolve(bucket + "-register"), Clock.systemUTC()), new LocalTrainingJob(store, dir.resolve(bucket + "-jobs")));
        }

        String prepare(String name, Interactions data) throws Exception {
            Path raw = data.write(dir.resolve(store.bucket() + "-" + name));
            return new PrepareService(store, dir.resolve("work"), true, Clock.systemUTC()).prepare(
                    new PrepareRequestParser(PrepareDefaults.STANDARD).parse(JSON.readTree("{\"source\":\"" + raw
                            + "\",\"format\":\"movielens-100k\",\"split\":\"leave-last:5\",\"negatives\":0}"))).datasetId();
        }

        /** A job given the current model as its champion, as the train function and the retrain plan give it. */
        ModelCard train(String datasetId, String algorithm) throws Exception {
            return jobs.run(datasetId, Map.of("algorithm", algorithm), models.current().map(ModelRegistry.Current::modelId).orElse(null));
        }

        /** The champion trained on old data and promoted, then the challenger trained on new data: [champion, challenger]. */
        ModelCard[] championThenChallenger(Interactions old, String championAlgorithm, Interactions fresh, String challengerAlgorithm)
                throws Exception {
            ModelCard champion = train(prepare("old", old), championAlgorithm);
            assertThat(register(champion).outcome()).isEqualTo("promoted");
            return new ModelCard[] {champion, train(prepare("new", fresh), challengerAlgorithm)};
        }

        Registrar.Decision register(ModelCard card) throws Exception {
            return registrar.register(TrainingJobEvent.parse(JSON.readTree("{\"detail-type\":\"Local Training Job State Change\","
                    + "\"detail\":{\"TrainingJobName\":\"job-" + card.modelId() + "\",\"TrainingJobStatus\":\"Completed\","
                    + "\"ModelPrefix\":\"models/" + card.modelId() + "/\"}}")));
        }
    }

    @Test
    void aChallengerThatLosesToTheChampionsOldNumberButWinsOnTheNewSplitIsPromoted() throws Exception {
        Registry registry = Registry.fresh("promote");
        // old data: everyone ends with the same dozen items, which the popular list knows; new data: users keep to
        // their cluster, and the old popular list knows one cluster's items at most
        ModelCard[] models = registry.championThenChallenger(Interactions.endingInCore(1), "popular", Interactions.inClusters(2), "ease");
        ModelCard champion = models[0];
        ModelCard challenger = models[1];

        double recorded = champion.metrics().get("ndcg@10");
        double challengerValue = challenger.metrics().get("ndcg@10");
        ModelCard.Champion measured = challenger.champion();
        assertThat(measured.modelId()).isEqualTo(champion.modelId());
        assertThat(measured.error()).isNull();
        assertThat(measured.knownUsers()).isEqualTo(USERS);
        double onThisSplit = measured.metrics().get("ndcg@10");
        assertThat(challengerValue).as("the planted trap: the champion's own old number is higher").isLessThan(recorded);
        assertThat(challengerValue).as("but on the new split the challenger is better").isGreaterThan(onThisSplit);

        Registrar.Decision decision = registry.register(challenger);
        assertThat(decision.outcome()).isEqualTo("promoted");
        assertThat(decision.currentValue()).isEqualTo(onThisSplit);
        assertThat(decision.comparedWith()).isEqualTo(Registrar.ON_THIS_SPLIT);
        assertThat(registry.models().current().orElseThrow().modelId()).isEqualTo(challenger.modelId());
        pageShowsEveryModel(registry, List.of(champion, challenger), challenger.modelId());
    }

    /**
     * models/index.html, rewritten at each decision, rendered by headless Chromium (Debian's chromium, which .ci/run
     * installs): a row per model, the current one marked, both charts drawn, nothing fetched from elsewhere.
     */
    private static void pageShowsEveryModel(Registry registry, List<ModelCard> models, String current) throws Exception {
        Path page = dir.resolve(registry.store().bucket() + "-index.html");
        registry.store().download("models/index.html", page);
        String html = Files.readString(page);
        assertThat(html).doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
        String browser = java.util.stream.Stream.of("chromium", "chromium-browser")
                .filter(name -> java.util.stream.Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, name))))
                .findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(browser != null, "chromium is not installed (.ci/run installs it): the rendering is not checked");
        Process process = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--dump-dom", page.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(dom).contains("<svg").contains("<polyline").contains("<rect");
        for (ModelCard model : models) {
            assertThat(dom).as("a row for %s", model.modelId()).containsPattern("<tr class=\"model( current)?\" data-model=\""
                    + java.util.regex.Pattern.quote(model.modelId()) + "\"");
        }
        assertThat(dom).contains("<tr class=\"model current\" data-model=\"" + current + "\"");
    }

    @Test
    void aChallengerThatBeatsTheChampionsOldNumberButLosesOnTheNewSplitIsKeptOut() throws Exception {
        Registry registry = Registry.fresh("keep-out");
        // old data: users end with items of another cluster no model could foresee, so the champion's own number is
        // near zero; new data: users keep to their cluster, which the champion knows and the popular list does not
        ModelCard[] models = registry.championThenChallenger(Interactions.inClustersEndingInNoise(3), "ease", Interactions.inClusters(4), "popular");
        ModelCard champion = models[0];
        ModelCard challenger = models[1];

        double recorded = champion.metrics().get("ndcg@10");
        double challengerValue = challenger.metrics().get("ndcg@10");
        double onThisSplit = challenger.champion().metrics().get("ndcg@10");
        assertThat(challengerValue).as("the planted trap: the challenger beats the champion's own old number").isGreaterThan(recorded);
        assertThat(challengerValue).as("but on the new split the champion is better").isLessThan(onThisSplit);

        Registrar.Decision decision = registry.register(challenger);
        assertThat(decision.outcome()).isEqualTo("kept-out");
        assertThat(decision.reason()).contains(Registrar.ON_THIS_SPLIT);
        assertThat(registry.models().current().orElseThrow().modelId()).isEqualTo(champion.modelId());
    }

    @Test
    void aChampionThatCannotBeMeasuredOrIsMissingKeepsTheChallengerOut() throws Exception {
        Registry registry = Registry.fresh("fail-closed");
        ModelCard champion = registry.train(registry.prepare("clusters", Interactions.inClusters(5)), "popular");
        assertThat(registry.register(champion).outcome()).isEqualTo("promoted");
        String newData = registry.prepare("core", Interactions.endingInCore(6));

        // trained without the current model: there is no number on the new split to compare with
        ModelCard unmeasured = registry.jobs().run(newData, Map.of("algorithm", "ease"), null);
        assertThat(unmeasured.champion()).isNull();
        Registrar.Decision missing = registry.register(unmeasured);
        assertThat(missing.outcome()).isEqualTo("kept-out");
        assertThat(missing.reason()).contains("no champion measurement").contains("fails closed");

        // the champion's weights altered: its measurement fails, and so does the gate
        registry.store().put("models/" + champion.modelId() + "/weights.npz", "not weights".getBytes(), "application/octet-stream");
        ModelCard broken = registry.jobs().run(newData, Map.of("algorithm", "ease", "lambda", "100"), champion.modelId());
        assertThat(broken.champion().error()).contains("sha256");
        Registrar.Decision failed = registry.register(broken);
        assertThat(failed.outcome()).isEqualTo("kept-out");
        assertThat(failed.reason()).contains("could not be measured").contains("fails closed");
        assertThat(registry.models().current().orElseThrow().modelId()).isEqualTo(champion.modelId());
    }

    /** Planted interactions in MovieLens 100K's u.data layout, each user's in time order. */
    private record Interactions(List<int[]> rows) {
        private static int block(int user) {
            return (user % 4) * 50 + 1; // the first of the user's cluster's 50 items
        }

        /** 5 random items, then 10 of the same 12 "core" items for everyone (the core is cluster 0's first dozen). */
        static Interactions endingInCore(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            List<int[]> rows = new ArrayList<>();
            for (int user = 1; user <= USERS; user++) {
                List<Integer> items = new ArrayList<>(distinct(random, 5, 13, ITEMS));
                items.addAll(distinct(random, 10, 1, 12));
                add(rows, user, items);
            }
            return new Interactions(rows);
        }

        /** 20 items of the user's own cluster. */
        static Interactions inClusters(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            List<int[]> rows = new ArrayList<>();
            for (int user = 1; user <= USERS; user++) {
                add(rows, user, distinct(random, 20, block(user), block(user) + 49));
            }
            return new Interactions(rows);
        }

        /** 15 items of the user's own cluster, then 5 of the next cluster's (what no model of this data foresees). */
        static Interactions inClustersEndingInNoise(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            List<int[]> rows = new ArrayList<>();
            for (int user = 1; user <= USERS; user++) {
                List<Integer> items = new ArrayList<>(distinct(random, 15, block(user), block(user) + 49));
                int next = block(user + 1);
                items.addAll(distinct(random, 5, next, next + 49));
                add(rows, user, items);
            }
            return new Interactions(rows);
        }

        private static List<Integer> distinct(SplittableRandom random, int count, int from, int to) {
            List<Integer> all = new ArrayList<>();
            for (int item = from; item <= to; item++) {
                all.add(item);
            }
            java.util.Collections.shuffle(all, new java.util.Random(random.nextLong()));
            return all.subList(0, count);
        }

        private static void add(List<int[]> rows, int user, List<Integer> items) {
            for (int n = 0; n < items.size(); n++) {
                rows.add(new int[] {user, items.get(n), 4, 880_000_000 + n * 60});
            }
        }

        Path write(Path target) throws IOException {
            Files.createDirectories(target);
            StringBuilder out = new StringBuilder();
            for (int[] row : rows) {
                out.append(row[0]).append('\t').append(row[1]).append('\t').append(row[2]).append('\t').append(row[3]).append('\n');
            }
            Files.writeString(target.resolve("u.data"), out);
            return target;
        }
    }
}
