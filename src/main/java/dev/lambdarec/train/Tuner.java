package dev.lambdarec.train;

import dev.lambdarec.eval.Evaluator;
import dev.lambdarec.jobs.AlgorithmSchemas;
import dev.lambdarec.jobs.SearchRange;
import dev.lambdarec.jobs.TuningJobSpec;
import dev.lambdarec.model.ModelCard;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.logging.Logger;

/**
 * {@code tune=auto}: a seeded search over an algorithm's declared search space ({@link SearchRange}s in
 * {@link AlgorithmSchemas}) on a validation split cut from the training interactions, never the test split. The
 * first trial is the declared defaults, so the chosen setting is never worse on validation than them; the next 60%
 * of the trials sample the space uniformly (log scale where declared: random search, Bergstra and Bengio 2012), the
 * rest perturb the best setting so far. A key the job gave is never searched. Trials are judged by nDCG@10 on the
 * held-out interactions with the rest of the user's training interactions excluded, as the test split is judged.
 */
final class Tuner {
    private static final Logger LOG = Logger.getLogger(Tuner.class.getName());
    static final String METHOD = "defaults, then seeded random search, then perturbations of the best";
    static final String METRIC = "ndcg@10";
    static final String TRIAL_METHOD = "one trial of a SageMaker automatic model tuning job";
    private static final double EXPLORE_SHARE = 0.6;
    private static final double STEP = 0.15; // perturbation s.d., as a share of a range (on its search scale)
    private static final long SALT = 0x7E57_5EA2CL;

    private Tuner() {
    }

    /** How long a search may run, and its seed (the job's). */
    record Budget(int trials, double seconds, long seed) {
        static Budget of(Hyperparameters job) {
            return new Budget(job.integer("tune_trials"), job.real("tune_seconds"), job.seed());
        }
    }

    /**
     * The job's model: searched here ({@code tune=auto}), scored as one trial of a search run outside the job
     * ({@code tune=trial}: a SageMaker tuning job), or trained as given ({@code tune=off}, or nothing to search).
     */
    static TrainedModel train(Algorithm algorithm, TrainingData data, Hyperparameters job, TrainingLoop.Validation validation) {
        if (AlgorithmSchemas.byName(algorithm.name()).searchSpace().isEmpty()) {
            return algorithm.train(data, job, validation);
        }
        return switch (job.text("tune")) {
            case "auto" -> trainTuned(algorithm, data, job, validation);
            case "trial" -> trainTrial(algorithm, data, job, validation);
            default -> algorithm.train(data, job, validation);
        };
    }

    /**
     * Whether {@code algorithm} is tuned for this job: it declares a search space and {@code tune} is auto. The tuning
     * keys are read only then, so an algorithm that is never tuned records none of them (and keeps its model id).
     */
    static boolean tunes(String algorithm, Hyperparameters job) {
        return !AlgorithmSchemas.byName(algorithm).searchSpace().isEmpty() && job.text("tune").equals("auto");
    }

    /** The validation split every choice of a job is made on (the same one for a search and two-stage's weights). */
    static TrainingData validationSplit(TrainingData data, Hyperparameters job) {
        return data.validationSplit(job.real("validation_fraction"), job.integer("validation_users"), job.seed());
    }

    /** A single model: the search on a validation split, then the chosen setting trained on all of {@code data}. */
    static TrainedModel trainTuned(Algorithm algorithm, TrainingData data, Hyperparameters job, TrainingLoop.Validation validation) {
        Hyperparameters bound = job.bind(algorithm.name());
        ModelCard.Search search = search(algorithm, bound, validationSplit(data, job), Budget.of(job), null);
        if (search == null) {
            return algorithm.train(data, bound, validation);
        }
        TrainedModel model = algorithm.train(data, bound.with(search.best().setting()), validation);
        Map<String, Double> metrics = new LinkedHashMap<>(model.metrics());
        metrics.put("tune_validation_" + METRIC, search.best().validation());
        metrics.put("tune_default_validation_" + METRIC, search.trials().get(0).validation());
        return new TrainedModel(model.scorer(), model.curve(), metrics, model.stages()).withTuning(List.of(search));
    }

    /**
     * One trial of an outside search: the given setting scored on the validation split and the score logged as
     * {@code validation:ndcg@10=<value>;}, the line a SageMaker tuning job's metric definition reads
     * ({@link TuningJobSpec#OBJECTIVE_REGEX}), then the same setting trained on all of {@code data}, so the tuning job's best
     * training job holds a model register can promote.
     */
    static TrainedModel trainTrial(Algorithm algorithm, TrainingData data, Hyperparameters job, TrainingLoop.Validation validation) {
        Hyperparameters bound = job.bind(algorithm.name());
        TrainingData fit = validationSplit(data, job);
        Map<String, String> setting = new LinkedHashMap<>();
        for (SearchRange range : bound.schema().searchSpace()) {
            setting.put(range.name(), bound.text(range.name()));
        }
        long started = System.nanoTime();
        double score = validate(algorithm, fit, bound.trial(Map.of()));
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info(String.format(Locale.ROOT, "tune %s: trial %s on %,d held-out interactions -> %s=%.6f;", algorithm.name(), setting,
                fit.testUsers.length, TuningJobSpec.OBJECTIVE, score));
        TrainedModel model = algorithm.train(data, bound, validation);
        Map<String, Double> metrics = new LinkedHashMap<>(model.metrics());
        metrics.put("tune_validation_" + METRIC, score);
        ModelCard.Search trial = new ModelCard.Search(null, algorithm.name(), TRIAL_METHOD, METRIC, job.seed(), fit.testUsers.length,
                1, 0, List.of(new ModelCard.Trial(0, setting, score, seconds)), 0, seconds);
        return new TrainedModel(model.scorer(), model.curve(), metrics, model.stages()).withTuning(List.of(trial));
    }

    /**
     * Runs the trials on {@code fit} (training part and held-out part of a validation split) and returns the search
     * with the chosen trial; null when every searched key was given by the job (nothing to search).
     */
    static ModelCard.Search search(Algorithm algorithm, Hyperparameters bound, TrainingData fit, Budget budget, String role) {
        List<SearchRange> space = new ArrayList<>();
        for (SearchRange range : bound.schema().searchSpace()) {
            if (!bound.given(range.name()) && (!range.needsTimes() || fit.trainTimes != null)) {
                space.add(range);
            }
        }
        String name = role == null ? algorithm.name() : role + " " + algorithm.name();
        if (space.isEmpty()) {
            LOG.info("tune " + name + ": every searched hyperparameter was given, nothing to search");
            return null;
        }
        LOG.info(String.format("tune %s: searching %s on %,d held-out interactions (%s, seed %d); at most %d trials, %.0f s",
                name, space.stream().map(SearchRange::name).toList(), fit.testUsers.length, METHOD, budget.seed(), budget.trials(),
                budget.seconds()));
        SplittableRandom random = new SplittableRandom(budget.seed() ^ SALT);
        int explore = (int) Math.ceil(budget.trials() * EXPLORE_SHARE);
        Set<Map<String, String>> tried = new HashSet<>();
        List<ModelCard.Trial> trials = new ArrayList<>();
        int best = 0;
        long started = System.nanoTime();
        for (int t = 0; t < budget.trials(); t++) {
            double elapsed = (System.nanoTime() - started) / 1e9;
            if (t > 0 && elapsed >= budget.seconds()) {
                LOG.info(String.format("tune %s: %.0f s budget spent after %d trials", name, budget.seconds(), t));
                break;
            }
            Map<String, String> setting = t == 0 ? defaults(space, bound) : next(space, t < explore, trials.get(best).setting(), tried, random);
            if (setting == null) {
                LOG.info("tune " + name + ": no untried setting left after " + t + " trials");
                break;
            }
            tried.add(setting);
            long trialStarted = System.nanoTime();
            double validation = validate(algorithm, fit, bound.trial(setting));
            double seconds = (System.nanoTime() - trialStarted) / 1e9;
            trials.add(new ModelCard.Trial(t, setting, validation, seconds));
            if (validation > trials.get(best).validation() + 1e-9) {
                best = t;
            }
            double perTrial = (System.nanoTime() - started) / 1e9 / (t + 1);
            LOG.info(String.format("tune %s: trial %d/%d %s -> validation %s %.4f in %.1f s (best %.4f, trial %d; ETA %.0f s)", name,
                    t + 1, budget.trials(), setting, METRIC, validation, seconds, trials.get(best).validation(), best + 1,
                    Math.min(perTrial * (budget.trials() - t - 1), Math.max(0, budget.seconds() - (System.nanoTime() - started) / 1e9))));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        ModelCard.Trial chosen = trials.get(best);
        LOG.info(String.format("tune %s: chose trial %d %s, validation %s %.4f (defaults %.4f), %d trials in %.1f s", name,
                best + 1, chosen.setting(), METRIC, chosen.validation(), trials.get(0).validation(), trials.size(), seconds));
        return new ModelCard.Search(role, algorithm.name(), METHOD, METRIC, budget.seed(), fit.testUsers.length, budget.trials(),
                budget.seconds(), trials, best, seconds);
    }

    /** One trial's score: trained on the split's training part, nDCG@10 on its held-out part. */
    private static double validate(Algorithm algorithm, TrainingData fit, Hyperparameters trial) {
        return Evaluator.ranking(algorithm.train(fit, trial, TrainingLoop.Validation.NONE).scorer(), fit.test, 10).get(METRIC);
    }

    private static Map<String, String> defaults(List<SearchRange> space, Hyperparameters bound) {
        Map<String, String> setting = new LinkedHashMap<>();
        for (SearchRange range : space) {
            setting.put(range.name(), bound.declaration(range.name()).defaultValue());
        }
        return setting;
    }

    /** An untried setting: a uniform draw while exploring, else the best with some of its keys moved; null: none found. */
    private static Map<String, String> next(List<SearchRange> space, boolean exploring, Map<String, String> best,
                                            Set<Map<String, String>> tried, SplittableRandom random) {
        for (int attempt = 0; attempt < 50; attempt++) {
            Map<String, String> setting = new LinkedHashMap<>();
            int moved = exploring ? space.size() : 0;
            int forced = random.nextInt(space.size()); // a perturbation moves at least this key
            for (int d = 0; d < space.size(); d++) {
                SearchRange range = space.get(d);
                double u;
                if (exploring) {
                    u = random.nextDouble();
                } else if (d == forced || random.nextBoolean()) {
                    u = reflect(range.position(best.get(range.name())) + STEP * random.nextGaussian());
                    moved++;
                } else {
                    setting.put(range.name(), best.get(range.name()));
                    continue;
                }
                setting.put(range.name(), range.at(u));
            }
            if (moved > 0 && !tried.contains(setting)) {
                return setting;
            }
        }
        return null;
    }

    /** Folds u back into [0, 1) at the edges, so a step off one end lands inside rather than piling on the bound. */
    private static double reflect(double u) {
        double folded = Math.abs(u) % 2;
        return Math.min(Math.nextDown(1.0), folded > 1 ? 2 - folded : folded);
    }
}
