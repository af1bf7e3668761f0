package dev.lambdarec.train;

import dev.lambdarec.store.StoreLayout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.Version;
import dev.lambdarec.eval.Evaluator;
import dev.lambdarec.jobs.AlgorithmSchemas;
import dev.lambdarec.model.ModelArtifacts;
import dev.lambdarec.model.CannotFoldInException;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.ModelRegistry;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.model.Scorer;
import dev.lambdarec.common.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * A training job in the SageMaker training-container layout under a root directory (/opt/ml in a container):
 * reads {@code input/config/hyperparameters.json} (with an {@code algorithm} key) and the dataset in
 * {@code input/data/train/}, trains, evaluates on the dataset's test split, and writes model.json,
 * weights.npz and report.html to {@code model/}. A failure writes its reason to {@code output/failure}.
 */
public final class Trainer {
    private static final Logger LOG = Logger.getLogger(Trainer.class.getName());
    private static final String[] HEADLINE = {"precision@10", "recall@10", "ndcg@10", "map@10", "map_at_k@10",
        "hit_rate@10", "mrr@10", "coverage@10"};

    private final Path root;
    private final Clock clock;

    public Trainer(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    public Path modelDir() {
        return root.resolve("model");
    }

    public Path datasetDir() {
        return root.resolve("input/data").resolve(StoreLayout.TRAINING_CHANNEL);
    }

    /** The current model's files, when the job was given one to measure on this split. */
    public Path championDir() {
        return root.resolve("input/data").resolve(StoreLayout.CHAMPION_CHANNEL);
    }

    public Path hyperparametersFile() {
        return root.resolve("input/config/hyperparameters.json");
    }

    public Path failureFile() {
        return root.resolve("output/failure");
    }

    /** Runs the job; on failure writes output/failure and rethrows. */
    public ModelCard run() throws Exception {
        try {
            return train();
        } catch (Exception | Error e) {
            Files.createDirectories(failureFile().getParent());
            Files.writeString(failureFile(), e.getClass().getSimpleName() + ": " + e.getMessage(), StandardCharsets.UTF_8);
            throw e;
        }
    }

    private ModelCard train() throws IOException {
        Map<String, String> requested = readHyperparameters();
        String algorithmName = requested.getOrDefault("algorithm", "").trim();
        AlgorithmSchemas.validate(algorithmName, requested); // every key declared, every value in range: before any data is read
        Algorithm algorithm = Algorithms.byName(algorithmName);
        Hyperparameters hp = new Hyperparameters(requested);
        hp.text("algorithm");
        int evalEvery = hp.integer("eval_every");
        Map<String, Double> timings = new LinkedHashMap<>();
        long started = System.nanoTime();
        TrainingData data = TrainingData.load(datasetDir());
        timings.put("load", seconds(started));
        LOG.info(String.format("training %s on %s: %,d users, %,d items, %,d training interactions", algorithm.name(),
                data.datasetId, data.numUsers, data.numItems, data.trainUsers.length));

        boolean ratings = algorithm.predictsRatings(hp);
        TrainingLoop.Validation validation = validation(ratings, data, evalEvery);
        long trainStarted = System.nanoTime();
        TrainedModel model = Tuner.train(algorithm, data, hp, validation);
        timings.put("train", seconds(trainStarted));

        long evalStarted = System.nanoTime();
        Map<String, Double> all = evaluate(ratings, data, model.scorer());
        all.putAll(model.metrics());
        timings.put("evaluate", seconds(evalStarted));
        Map<String, Double> headline = new LinkedHashMap<>();
        for (String name : HEADLINE) {
            headline.put(name, all.get(name));
        }
        all.forEach((name, value) -> {
            if (!name.contains("@") || name.startsWith("sampled_") || name.startsWith("fold_in_")) {
                headline.put(name, value);
            }
        });

        long championStarted = System.nanoTime();
        ModelCard.Champion champion = measureChampion(data, headline.keySet());
        if (champion != null) {
            timings.put("champion", seconds(championStarted));
        }

        Path out = Files.createDirectories(modelDir());
        ModelArtifacts.writeWeights(out, model.scorer());
        boolean indexed = AnnBuild.maybeBuild(hp, model.scorer(), data, out, all, timings);
        if (indexed) {
            headline.put("ann_recall@10", all.get("ann_recall@10"));
        }
        Map<String, String> used = hp.used();
        String modelId = modelId(algorithm.name(), data.datasetId, used);
        timings.put("total", seconds(started));
        ModelCard card = new ModelCard(ModelCard.SCHEMA_VERSION, modelId, algorithm.name(), model.scorer().family(),
                data.datasetId, used, headline, timings, clock.instant().toString(), data.numUsers, data.numItems,
                Map.of(), model.curve(), "lambdarec " + Version.current(), model.stages(), champion, model.tuning());
        Report.write(out.resolve(StoreLayout.REPORT), card, all, Evaluator.MAX_K);
        // the id vocabularies travel with the model, so serving maps external ids without the dataset
        for (String vocabulary : new String[] {StoreLayout.USERS, StoreLayout.ITEMS}) {
            Files.copy(datasetDir().resolve(vocabulary), out.resolve(vocabulary), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Map<String, ModelCard.FileEntry> files = new TreeMap<>();
        for (String name : new String[] {StoreLayout.WEIGHTS, StoreLayout.REPORT, StoreLayout.USERS, StoreLayout.ITEMS, StoreLayout.ANN_INDEX}) {
            Path file = out.resolve(name);
            if (name.equals(StoreLayout.ANN_INDEX) && !indexed) {
                continue;
            }
            files.put(name, new ModelCard.FileEntry(Hashing.sha256(file), Files.size(file)));
        }
        card = card.withFiles(files);
        ModelArtifacts.writeCard(out, card);
        LOG.info(String.format("%s: %s in %.2f s training; %s", modelId, all.containsKey("rmse")
                ? String.format("rmse %.4f", all.get("rmse")) : String.format("ndcg@10 %.4f", all.get("ndcg@10")),
                timings.get("train"), headline));
        return card;
    }

    /**
     * The current model measured on this job's test split by {@link #evaluate}, through {@link ChampionScorer}
     * (users and items matched by external id, its documented fallbacks for the rest): what register compares the
     * new model with. Null without a champion channel; a champion that cannot be read or measured is recorded with
     * the reason, and register then keeps the new model out.
     */
    private ModelCard.Champion measureChampion(TrainingData data, Set<String> names) {
        if (!Files.exists(championDir().resolve(StoreLayout.MODEL_CARD))) {
            return null;
        }
        String id = "(unreadable model.json)";
        try {
            id = ModelArtifacts.readCard(championDir()).modelId();
            ServingModel current = ModelRegistry.verify(championDir());
            ChampionScorer scorer = new ChampionScorer(current, ServingModel.ids(datasetDir().resolve(StoreLayout.USERS)),
                    ServingModel.ids(datasetDir().resolve(StoreLayout.ITEMS)), data.train);
            Map<String, Double> all = evaluate(false, data, scorer);
            if (current.card().metrics().containsKey("rmse") && data.hasRatings() && data.foldIn == null) {
                all.putAll(Evaluator.rating(scorer.predictingForUnknown(mean(data.trainRatings)), data.testUsers, data.testItems,
                        data.testRatings));
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (String name : names) {
                if (all.containsKey(name)) {
                    metrics.put(name, all.get(name));
                }
            }
            LOG.info(String.format("champion %s on this split (%,d of %,d users, %,d of %,d items known): %s", id,
                    scorer.knownUsers(), data.numUsers, scorer.knownItems(), data.numItems, metrics));
            return new ModelCard.Champion(id, current.card().datasetId(), metrics, scorer.knownUsers(), scorer.knownItems(), null);
        } catch (IOException | RuntimeException e) {
            LOG.warning("champion " + id + " could not be measured on this split: " + e.getMessage());
            return ModelCard.Champion.failed(id, String.valueOf(e.getMessage()));
        }
    }

    private static float mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return values.length == 0 ? 0f : (float) (sum / values.length);
    }

    private static TrainingLoop.Validation validation(boolean ratings, TrainingData data, int every) {
        return new TrainingLoop.Validation() {
            @Override
            public String metric() {
                return data.foldIn != null ? "fold-in ndcg@10" : ratings ? "test rmse" : "test ndcg@10";
            }

            @Override
            public double evaluate(Scorer scorer) {
                if (data.foldIn != null) {
                    try {
                        return Evaluator.foldIn(scorer, data.foldIn.users(), data.foldIn.items(), data.foldIn.ratings(), data.test, 10)
                                .get("ndcg@10");
                    } catch (CannotFoldInException e) {
                        return Double.NaN; // a snapshot without the final model's rule: no point on the curve
                    }
                }
                return ratings
                        ? Evaluator.rating(scorer, data.testUsers, data.testItems, data.testRatings).get("rmse")
                        : Evaluator.ranking(scorer, data.test, 10).get("ndcg@10");
            }

            @Override
            public int every() {
                return every;
            }
        };
    }

    /**
     * The test split's metrics. A users-holdout dataset is measured by strong generalization only: its test users
     * never trained, so they are folded in ({@link Evaluator#foldIn}); per-user scores and sampled negatives would
     * measure an untrained vector.
     */
    static Map<String, Double> evaluate(boolean ratings, TrainingData data, Scorer scorer) {
        if (data.foldIn != null) {
            try {
                return new LinkedHashMap<>(Evaluator.foldIn(scorer, data.foldIn.users(), data.foldIn.items(), data.foldIn.ratings(),
                        data.test, Evaluator.MAX_K));
            } catch (CannotFoldInException e) {
                throw new IllegalArgumentException("a users-holdout dataset is evaluated by folding its held-out users in: " + e.getMessage());
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>(Evaluator.ranking(scorer, data.test, Evaluator.MAX_K));
        if (data.testNegatives.size() > 0) {
            metrics.putAll(Evaluator.sampled(scorer, data.testUsers, data.testItems, data.testNegatives, 10));
        }
        if (ratings && data.testRatings != null) {
            metrics.putAll(Evaluator.rating(scorer, data.testUsers, data.testItems, data.testRatings));
        }
        return metrics;
    }

    /** Deterministic: the same algorithm, dataset and hyperparameters give the same id. */
    static String modelId(String algorithm, String datasetId, Map<String, String> hyperparameters) {
        return algorithm + "-" + Hashing.sha256(datasetId + ";" + new TreeMap<>(hyperparameters)).substring(0, 12);
    }

    private Map<String, String> readHyperparameters() throws IOException {
        Path file = hyperparametersFile();
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no " + file + ": the job needs at least {\"algorithm\": \"...\"}");
        }
        JsonNode node = new ObjectMapper().readTree(file.toFile());
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(file + " must hold a JSON object of hyperparameters");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            values.put(entry.getKey(), entry.getValue().asText()); // SageMaker passes every value as a string
        }
        return values;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
