package dev.lambdarec.train;

import dev.lambdarec.eval.Evaluator;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.Scorer;
import dev.lambdarec.model.TwoStageScorer;
import dev.lambdarec.model.UserItems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Logger;

/**
 * Two-stage recommendation: a retriever (default {@code ials}; {@code two-tower} or any ranking algorithm) proposes
 * each user's top {@code candidates} unseen items and a ranker (default {@code dlrm}) re-ranks them, blended with
 * the retriever's own order ({@link TwoStageScorer}). The blend weight is chosen on a validation split cut from the
 * training interactions ({@code validation_fraction} of each user's, never the test split): both stages are fit on
 * the rest, every weight 0, 0.1, ..., 1 is scored by nDCG@10 on the held-out part, then both stages are retrained
 * on all training data. Stage hyperparameters go under {@code retriever.} and {@code ranker.}.
 */
public final class TwoStage implements Algorithm {
    private static final Logger LOG = Logger.getLogger(TwoStage.class.getName());

    @Override
    public String name() {
        return "two-stage";
    }

    @Override
    public TrainedModel train(TrainingData data, Hyperparameters hp, TrainingLoop.Validation validation) {
        String retrieverName = hp.text("retriever", "ials");
        String rankerName = hp.text("ranker", "dlrm");
        Hyperparameters retrieverHp = hp.scoped("retriever.");
        Hyperparameters rankerHp = hp.scoped("ranker.");
        for (String stage : new String[] {retrieverName, rankerName}) {
            Hyperparameters stageHp = stage.equals(retrieverName) ? retrieverHp : rankerHp;
            if (stage.equals(name()) || !Algorithms.names().contains(stage) || Algorithms.byName(stage).predictsRatings(stageHp)) {
                throw new IllegalArgumentException("hyperparameters retriever and ranker must name ranking algorithms other than "
                        + name() + " (" + Algorithms.names() + "), was '" + stage + "'");
            }
        }
        int candidates = hp.integer("candidates", 200, 1, 100_000);
        String blendText = hp.text("blend", "auto");
        double fraction = hp.real("validation_fraction", 0.1, 0.01, 0.5);
        long seed = hp.seed();

        Map<String, Double> metrics = new LinkedHashMap<>();
        float blend;
        if (blendText.equals("auto")) {
            TrainingData fit = holdOut(data, fraction, seed);
            Scorer retriever = Algorithms.byName(retrieverName).train(fit, retrieverHp, TrainingLoop.Validation.NONE).scorer();
            Scorer ranker = Algorithms.byName(rankerName).train(fit, rankerHp, TrainingLoop.Validation.NONE).scorer();
            blend = 0;
            double best = -1;
            for (int step = 0; step <= 10; step++) {
                float weight = step / 10f;
                double ndcg = Evaluator.ranking(new TwoStageScorer(retriever, ranker, candidates, weight), fit.test, 10).get("ndcg@10");
                LOG.info(String.format("two-stage: blend %.1f -> validation ndcg@10 %.4f", weight, ndcg));
                metrics.put(String.format("validation_ndcg@10_blend_%.1f", weight), ndcg);
                if (ndcg > best + 1e-9) {
                    best = ndcg;
                    blend = weight;
                }
            }
            LOG.info(String.format("two-stage: blend %.1f chosen on %,d held-out interactions", blend, fit.testUsers.length));
        } else {
            try {
                blend = Float.parseFloat(blendText);
            } catch (NumberFormatException e) {
                blend = Float.NaN;
            }
            if (!(blend >= 0 && blend <= 1)) {
                throw new IllegalArgumentException("hyperparameter blend must be auto or a number between 0 and 1, was '" + blendText + "'");
            }
        }
        metrics.put("blend", (double) blend);

        TrainedModel retriever = Algorithms.byName(retrieverName).train(data, retrieverHp, TrainingLoop.Validation.NONE);
        TrainedModel ranker = Algorithms.byName(rankerName).train(data, rankerHp, validation);
        TwoStageScorer scorer = new TwoStageScorer(retriever.scorer(), ranker.scorer(), candidates, blend);
        ranker.metrics().forEach((key, value) -> metrics.put("ranker_" + key, value));
        retriever.metrics().forEach((key, value) -> metrics.put("retriever_" + key, value));
        List<ModelCard.Stage> stages = List.of(
                stage("retriever", retrieverName, retriever, hp, "retriever."),
                stage("ranker", rankerName, ranker, hp, "ranker."));
        return new TrainedModel(scorer, ranker.curve(), metrics, stages);
    }

    private static ModelCard.Stage stage(String role, String algorithm, TrainedModel model, Hyperparameters hp, String prefix) {
        Map<String, String> used = new LinkedHashMap<>();
        hp.used().forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                used.put(key.substring(prefix.length()), value);
            }
        });
        return new ModelCard.Stage(role, algorithm, model.scorer().family(), used);
    }

    /**
     * The training data with a random {@code fraction} of each user's interactions moved to its test split (users
     * with fewer than five keep them all), for choices that must not look at the real test split.
     */
    static TrainingData holdOut(TrainingData data, double fraction, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x7A1D);
        int n = data.trainUsers.length;
        boolean[] held = new boolean[n];
        int[] perUser = new int[data.numUsers];
        for (int user : data.trainUsers) {
            perUser[user]++;
        }
        int heldCount = 0;
        for (int k = 0; k < n; k++) {
            // users with fewer than five interactions keep them all: too little to learn from otherwise
            held[k] = perUser[data.trainUsers[k]] >= 5 && random.nextDouble() < fraction;
            heldCount += held[k] ? 1 : 0;
        }
        int[] fitUsers = new int[n - heldCount];
        int[] fitItems = new int[n - heldCount];
        float[] fitRatings = data.hasRatings() ? new float[n - heldCount] : null;
        int[] valUsers = new int[heldCount];
        int[] valItems = new int[heldCount];
        float[] valRatings = data.hasRatings() ? new float[heldCount] : null;
        for (int k = 0, f = 0, v = 0; k < n; k++) {
            if (held[k]) {
                valUsers[v] = data.trainUsers[k];
                valItems[v] = data.trainItems[k];
                if (valRatings != null) {
                    valRatings[v] = data.trainRatings[k];
                }
                v++;
            } else {
                fitUsers[f] = data.trainUsers[k];
                fitItems[f] = data.trainItems[k];
                if (fitRatings != null) {
                    fitRatings[f] = data.trainRatings[k];
                }
                f++;
            }
        }
        return new TrainingData(data.datasetId + "-fit", data.numUsers, data.numItems, fitUsers, fitItems, fitRatings,
                data.negativeUsers, data.negativeItems, valUsers, valItems, valRatings,
                UserItems.of(data.numUsers, new int[0], new int[0], null), data.side);
    }
}
