package dev.lambdarec.train;

import dev.lambdarec.jobs.AlgorithmSchemas;
import dev.lambdarec.jobs.Hyperparameter;

import dev.lambdarec.eval.Evaluator;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.Scorer;
import dev.lambdarec.model.TwoStageScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Two-stage recommendation: a retriever (default {@code ials}; {@code two-tower} or any ranking algorithm) proposes
 * each user's top {@code candidates} unseen items and one or more rankers (default {@code dlrm,ease}) re-score
 * them; a candidate's score is the weighted sum of every stage's standardised score ({@link TwoStageScorer}). The
 * weights are chosen on a validation split cut from the training interactions ({@code validation_fraction} of each
 * user's, never the test split): with {@code tune=auto} each tunable stage first searches its own setting there
 * ({@link Tuner}), every stage is fit on the rest, every weighting on a 0.1 grid of the simplex is scored by nDCG@10
 * on the held-out part, then every stage is retrained on all training data. When one stage on its own does at least
 * as well as every blend, that stage alone is trained and served, and the log says so. A stage's
 * hyperparameters go under its role: {@code retriever.}, {@code ranker.}, {@code ranker2.}, ...
 */
public final class TwoStage implements Algorithm {
    private static final Logger LOG = Logger.getLogger(TwoStage.class.getName());
    private static final int GRID_STEPS = 10;

    @Override
    public String name() {
        return "two-stage";
    }

    /** What a request asks for, read in full before anything trains; {@code weights} null = choose them. */
    private record Plan(List<String> algorithms, List<Hyperparameters> settings, int candidates, float[] weights) {
        int stages() {
            return algorithms.size();
        }

        Algorithm algorithm(int stage) {
            return Algorithms.byName(algorithms.get(stage));
        }

        TrainedModel train(int stage, TrainingData data, TrainingLoop.Validation validation) {
            return algorithm(stage).train(data, settings.get(stage), validation);
        }
    }

    private Plan plan(Hyperparameters hp, int numItems) {
        List<String> algorithms = new ArrayList<>();
        algorithms.add(hp.text("retriever"));
        for (String ranker : hp.text("ranker").split(",", -1)) {
            algorithms.add(ranker.trim());
        }
        // only the defaults bend: named rankers, or weights given for each of them, are the user's to keep
        boolean defaultStages = !hp.values().containsKey("ranker") && "auto".equals(hp.values().getOrDefault("blend", "auto").trim());
        if (defaultStages && algorithms.size() > 2 && algorithms.contains("ease")) {
            String easeWontFit = Ease.wontFit(numItems, Ease.freeHeap.getAsLong());
            if (easeWontFit != null) { // a default, not the user's choice: go on without it, and say why
                LOG.warning(easeWontFit + "; two-stage's default rankers go on without ease");
                algorithms.remove("ease");
            }
        }
        AlgorithmSchemas.checkStages(algorithms, hp.values());
        List<Hyperparameters> settings = new ArrayList<>();
        for (int s = 0; s < algorithms.size(); s++) {
            settings.add(hp.scoped(TwoStageScorer.role(s) + ".").bind(algorithms.get(s)));
        }
        String blend = hp.text("blend");
        float[] weights = blend.equals("auto") ? null : Hyperparameter.weightsOf(blend);
        return new Plan(algorithms, settings, hp.integer("candidates"), weights);
    }

    @Override
    public TrainedModel fit(TrainingData data, Hyperparameters hp, TrainingLoop.Validation validation) {
        Plan plan = plan(hp, data.numItems);
        Map<String, Double> metrics = new LinkedHashMap<>();
        List<Integer> tuned = new ArrayList<>();
        for (int s = 0; s < plan.stages(); s++) {
            if (Tuner.tunes(plan.algorithms().get(s), hp)) {
                tuned.add(s);
            }
        }
        TrainingData fit = plan.weights() == null || !tuned.isEmpty() ? Tuner.validationSplit(data, hp) : null;
        List<ModelCard.Search> searches = new ArrayList<>();
        for (int s : tuned) { // each stage's own setting first, on the split the weights are then chosen on
            String role = TwoStageScorer.role(s);
            ModelCard.Search search = Tuner.search(plan.algorithm(s), plan.settings().get(s), fit, Tuner.Budget.of(hp), role);
            if (search != null) {
                plan.settings().set(s, plan.settings().get(s).with(search.best().setting()));
                metrics.put(role + "_tune_validation_ndcg@10", search.best().validation());
                searches.add(search);
            }
        }
        Blend blend = plan.weights() != null ? new Blend(plan.weights(), -1) : chooseWeights(plan, fit, metrics);
        if (blend.alone() >= 0) { // say so, and serve that stage: its neighbours only cost time
            TrainedModel alone = plan.train(blend.alone(), data, validation);
            metrics.putAll(alone.metrics());
            String role = TwoStageScorer.role(blend.alone());
            return new TrainedModel(alone.scorer(), alone.curve(), metrics,
                    List.of(stage(role, plan.algorithms().get(blend.alone()), alone, hp))).withTuning(searches);
        }
        float[] weights = blend.weights();
        for (int s = 0; s < plan.stages(); s++) {
            metrics.put("weight_" + TwoStageScorer.role(s), (double) weights[s]);
        }

        List<TrainedModel> models = new ArrayList<>();
        List<ModelCard.Stage> stages = new ArrayList<>();
        for (int s = 0; s < plan.stages(); s++) {
            // the first ranker's curve is the model's (validated every eval_every epochs when asked)
            TrainedModel model = plan.train(s, data, s == 1 ? validation : TrainingLoop.Validation.NONE);
            String role = TwoStageScorer.role(s);
            model.metrics().forEach((key, value) -> metrics.put(role + "_" + key, value));
            stages.add(stage(role, plan.algorithms().get(s), model, hp));
            models.add(model);
        }
        List<Scorer> rankers = models.subList(1, models.size()).stream().map(TrainedModel::scorer).toList();
        TwoStageScorer scorer = new TwoStageScorer(models.get(0).scorer(), rankers, plan.candidates(), weights);
        return new TrainedModel(scorer, models.get(1).curve(), metrics, stages).withTuning(searches);
    }

    /** The weights chosen, or {@code alone} >= 0: that stage on its own beat every blend on validation. */
    private record Blend(float[] weights, int alone) {
    }

    /**
     * Fits every stage on {@code fit} (the training data less a validation part), caches each held-out user's
     * candidates with their standardised stage scores, and returns the weighting on the simplex grid with the best
     * nDCG@10 there (on a tie, the first in grid order); or, when a ranker scoring the whole catalogue on its own
     * does better than every blend, that ranker alone. (The retriever alone is a point of the grid.)
     */
    private static Blend chooseWeights(Plan plan, TrainingData fit, Map<String, Double> metrics) {
        Scorer retriever = null;
        List<Scorer> rankers = new ArrayList<>();
        for (int s = 0; s < plan.stages(); s++) {
            Scorer scorer = plan.train(s, fit, TrainingLoop.Validation.NONE).scorer();
            if (s == 0) {
                retriever = scorer;
            } else {
                rankers.add(scorer);
            }
        }
        long searchStarted = System.nanoTime();
        float[] uniform = new float[plan.stages()];
        Arrays.fill(uniform, 1f);
        TwoStageScorer cached = new TwoStageScorer(retriever, rankers, plan.candidates(), uniform).withCandidatesCached(fit.test);

        List<float[]> grid = simplexGrid(plan.stages(), GRID_STEPS);
        float[] best = null;
        double bestNdcg = -1;
        for (float[] weights : grid) {
            double ndcg = Evaluator.ranking(cached.withWeights(weights), fit.test, 10).get("ndcg@10");
            int only = soleStage(weights);
            if (only >= 0) {
                metrics.put("validation_ndcg@10_" + TwoStageScorer.role(only), ndcg);
                LOG.info(String.format("two-stage: %s alone -> validation ndcg@10 %.4f", TwoStageScorer.role(only), ndcg));
            }
            if (ndcg > bestNdcg + 1e-9) {
                bestNdcg = ndcg;
                best = weights;
            }
        }
        metrics.put("validation_ndcg@10", bestNdcg);
        LOG.info(String.format("two-stage: weights %s chosen on %,d held-out interactions (validation ndcg@10 %.4f; "
                + "%d weightings searched in %.2f s)", Arrays.toString(best), fit.testUsers.length, bestNdcg,
                grid.size(), (System.nanoTime() - searchStarted) / 1e9));
        int alone = soleStage(best) == 0 ? 0 : -1; // the retriever's own ranking: its rankers only cost time
        double aloneNdcg = bestNdcg;
        for (int r = 0; r < rankers.size(); r++) {
            double ndcg = Evaluator.ranking(rankers.get(r), fit.test, 10).get("ndcg@10");
            String role = TwoStageScorer.role(r + 1);
            metrics.put("validation_ndcg@10_" + role + "_whole_catalogue", ndcg);
            if (ndcg > aloneNdcg + 1e-9) {
                alone = r + 1;
                aloneNdcg = ndcg;
            }
        }
        if (alone >= 0) {
            LOG.warning(String.format("two-stage: %s (%s) alone reaches validation ndcg@10 %.4f, no blend does better: "
                    + "serving %s alone", TwoStageScorer.role(alone), plan.algorithms().get(alone), aloneNdcg, plan.algorithms().get(alone)));
            metrics.put("served_alone_stage", (double) alone);
        }
        return new Blend(best, alone);
    }

    /** Every weighting w >= 0 with sum 1 in steps of 1/steps, e.g. (0, 1), (0.1, 0.9), ... for two stages. */
    static List<float[]> simplexGrid(int stages, int steps) {
        List<float[]> grid = new ArrayList<>();
        fill(grid, new int[stages], 0, steps, steps);
        return grid;
    }

    private static void fill(List<float[]> grid, int[] parts, int stage, int left, int steps) {
        if (stage == parts.length - 1) {
            parts[stage] = left;
            float[] weights = new float[parts.length];
            for (int s = 0; s < parts.length; s++) {
                weights[s] = parts[s] / (float) steps;
            }
            grid.add(weights);
            return;
        }
        for (int part = 0; part <= left; part++) {
            parts[stage] = part;
            fill(grid, parts, stage + 1, left - part, steps);
        }
    }

    private static int soleStage(float[] weights) {
        for (int s = 0; s < weights.length; s++) {
            if (weights[s] == 1f) {
                return s;
            }
        }
        return -1;
    }

    private static ModelCard.Stage stage(String role, String algorithm, TrainedModel model, Hyperparameters hp) {
        String prefix = role + ".";
        Map<String, String> used = new LinkedHashMap<>();
        hp.used().forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                used.put(key.substring(prefix.length()), value);
            }
        });
        return new ModelCard.Stage(role, algorithm, model.scorer().family(), used);
    }
}
