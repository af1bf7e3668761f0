package dev.lambdarec.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambdarec.eval.Evaluator;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.testing.PlantedClusters;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * tune=auto on planted data: the search starts from the defaults and keeps the best on validation, is the same
 * search for the same seed, only searches keys the job did not give, and never reads the test split (a dataset whose
 * test split is replaced by junk gives the identical search and the identical model).
 */
class TunerTest {
    private static final TrainingData DATA = PlantedClusters.trainingData();

    @Test
    void theChosenSettingIsAtLeastAsGoodOnValidationAsTheDefaultsAndBeatsThemHere() {
        Hyperparameters job = Hyperparameters.of("algorithm", "ials", "tune_trials", "8", "iterations", "4");
        TrainedModel model = Tuner.trainTuned(new Ials(), DATA, job, TrainingLoop.Validation.NONE);
        ModelCard.Search search = model.tuning().get(0);
        ModelCard.Trial defaults = search.trials().get(0);
        assertThat(search.trials()).hasSize(8);
        assertThat(defaults.setting()).containsEntry("factors", "128").containsEntry("alpha", "8.0")
                .containsEntry("unobserved_weight", "3.0").doesNotContainKey("iterations"); // given: never searched
        assertThat(search.trials()).allSatisfy(trial -> assertThat(trial.setting()).doesNotContainKey("iterations"));
        assertThat(search.best().validation()).isGreaterThanOrEqualTo(defaults.validation())
                .isEqualTo(search.trials().stream().mapToDouble(ModelCard.Trial::validation).max().orElseThrow());
        assertThat(search.trials().stream().map(ModelCard.Trial::setting).distinct().count()).as("no setting tried twice").isEqualTo(8);
        // trained on everything with the chosen setting: its record says so
        assertThat(model.metrics()).containsEntry("tune_validation_ndcg@10", search.best().validation());
        assertThat(search.validationInteractions()).isGreaterThan(1_000);
        assertThat(search.chosen()).as("on this planted data some setting beats the defaults").isGreaterThan(0);
    }

    /**
     * tune=trial (a SageMaker tuning job's training job): the given setting scored on the same validation split the
     * trainer's own search uses, logged in the line the tuning job's metric definition reads, then trained on all.
     */
    @Test
    void aTrialJobScoresItsSettingOnValidationAndLogsItForTheTuningJob() {
        Hyperparameters job = Hyperparameters.of("algorithm", "ease", "tune", "trial", "lambda", "200");
        java.util.List<String> logged = new java.util.ArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(Tuner.class.getName());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        TrainedModel model;
        try {
            model = Tuner.train(new Ease(), DATA, job, TrainingLoop.Validation.NONE);
        } finally {
            log.removeHandler(capture);
        }
        ModelCard.Search trial = model.tuning().get(0);
        assertThat(trial.trials()).hasSize(1);
        assertThat(trial.trials().get(0).setting()).containsEntry("lambda", "200");
        double expected = Evaluator.ranking(new Ease().train(DATA.validationSplit(0.25, 10_000, 42),
                Hyperparameters.of("algorithm", "ease", "lambda", "200"), TrainingLoop.Validation.NONE).scorer(),
                DATA.validationSplit(0.25, 10_000, 42).test, 10).get("ndcg@10");
        assertThat(trial.best().validation()).isEqualTo(expected);
        java.util.regex.Matcher objective = java.util.regex.Pattern.compile(dev.lambdarec.jobs.TuningJobSpec.OBJECTIVE_REGEX)
                .matcher(String.join("\n", logged));
        assertThat(objective.find()).as("logged: %s", logged).isTrue();
        assertThat(Double.parseDouble(objective.group(1))).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
        // the model itself is trained on all the training interactions with that setting
        double trained = Evaluator.ranking(model.scorer(), DATA.test, 10).get("ndcg@10");
        double direct = Evaluator.ranking(new Ease().train(DATA, Hyperparameters.of("algorithm", "ease", "lambda", "200"),
                TrainingLoop.Validation.NONE).scorer(), DATA.test, 10).get("ndcg@10");
        assertThat(trained).isEqualTo(direct);
    }

    @Test
    void theSameSeedGivesTheSameSearchAndAnotherSeedAnother() {
        TrainingData fit = DATA.validationSplit(0.25, 10_000, 42);
        Hyperparameters ease = Hyperparameters.of("algorithm", "ease").bind("ease");
        ModelCard.Search first = Tuner.search(new Ease(), ease, fit, new Tuner.Budget(5, 3600, 7), null);
        ModelCard.Search again = Tuner.search(new Ease(), ease, fit, new Tuner.Budget(5, 3600, 7), null);
        ModelCard.Search other = Tuner.search(new Ease(), ease, fit, new Tuner.Budget(5, 3600, 8), null);
        assertThat(settings(again)).isEqualTo(settings(first));
        assertThat(again.trials().stream().map(ModelCard.Trial::validation).toList())
                .isEqualTo(first.trials().stream().map(ModelCard.Trial::validation).toList());
        assertThat(settings(other).subList(1, 5)).isNotEqualTo(settings(first).subList(1, 5));
        assertThat(first.trials().get(0).setting()).as("with timestamps the session term is searched too")
                .containsOnlyKeys("lambda", "session_weight", "session_seconds");
    }

    @Test
    void aPoisonedTestSplitChangesNothingTheSearchChose() {
        TrainingData poisoned = withTestSplit(DATA, new SplittableRandom(99));
        Hyperparameters job = Hyperparameters.of("algorithm", "ease", "tune_trials", "5");
        TrainedModel clean = Tuner.trainTuned(new Ease(), DATA, job, TrainingLoop.Validation.NONE);
        TrainedModel dirty = Tuner.trainTuned(new Ease(), poisoned, Hyperparameters.of("algorithm", "ease", "tune_trials", "5"),
                TrainingLoop.Validation.NONE);
        assertThat(settings(dirty.tuning().get(0))).isEqualTo(settings(clean.tuning().get(0)));
        assertThat(dirty.tuning().get(0).trials().stream().map(ModelCard.Trial::validation).toList())
                .isEqualTo(clean.tuning().get(0).trials().stream().map(ModelCard.Trial::validation).toList());
        double cleanTest = Evaluator.ranking(clean.scorer(), DATA.test, 10).get("ndcg@10");
        double poisonedTest = Evaluator.ranking(dirty.scorer(), poisoned.test, 10).get("ndcg@10");
        assertThat(poisonedTest).as("the poison is real: the junk test split scores far lower").isLessThan(cleanTest / 2);
    }

    @Test
    void twoStageTunesItsStagesOnTheSplitItChoosesWeightsOnAndNotOnTheTestSplit() {
        Map<String, String> request = Map.of("algorithm", "two-stage", "retriever", "ials", "ranker", "ease", "tune_trials", "3",
                "retriever.iterations", "3", "candidates", "50");
        TrainedModel clean = new TwoStage().train(DATA, new Hyperparameters(request), TrainingLoop.Validation.NONE);
        TrainedModel dirty = new TwoStage().train(withTestSplit(DATA, new SplittableRandom(5)), new Hyperparameters(request),
                TrainingLoop.Validation.NONE);
        assertThat(clean.tuning()).extracting(ModelCard.Search::role).containsExactly("retriever", "ranker");
        assertThat(clean.tuning().get(0).trials().get(0).setting()).doesNotContainKey("iterations");
        assertThat(dirty.tuning().stream().map(TunerTest::settings).toList()).isEqualTo(clean.tuning().stream().map(TunerTest::settings).toList());
        assertThat(choices(dirty.metrics())).isEqualTo(choices(clean.metrics())).containsKey("validation_ndcg@10");
    }

    /** The metrics that record a choice made on validation (not the timings). */
    private static Map<String, Double> choices(Map<String, Double> metrics) {
        Map<String, Double> out = new java.util.TreeMap<>();
        metrics.forEach((key, value) -> {
            if (key.contains("validation") || key.startsWith("weight_")) {
                out.put(key, value);
            }
        });
        return out;
    }

    private static List<Map<String, String>> settings(ModelCard.Search search) {
        return search.trials().stream().map(ModelCard.Trial::setting).toList();
    }

    /** The same training interactions with a test split of random pairs (of the same size): what a leak would follow. */
    private static TrainingData withTestSplit(TrainingData data, SplittableRandom random) {
        int n = data.testUsers.length;
        int[] users = new int[n];
        int[] items = new int[n];
        for (int k = 0; k < n; k++) {
            users[k] = data.testUsers[k];
            items[k] = random.nextInt(data.numItems);
        }
        return new TrainingData(data.datasetId, data.numUsers, data.numItems, data.trainUsers, data.trainItems, data.trainRatings,
                data.trainTimes, data.negativeUsers, data.negativeItems, users, items, data.testRatings, data.testNegatives, data.side);
    }
}
