package dev.lambdarec.train;

import dev.lambdarec.jobs.AlgorithmSchemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambdarec.model.Scorer;
import dev.lambdarec.model.TwoStageScorer;
import dev.lambdarec.synth.SyntheticSpec;
import dev.lambdarec.testing.TestData;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pipeline's own choices, with plain-Java stages: the weight grid, given weights, refused settings, the holdout. */
class TwoStageTest {
    static TrainingData data;

    @BeforeAll
    static void plantedData() {
        data = TestData.trainingData(new SyntheticSpec(300, 200, 12_000, 4, 0.6, 6.0, 3), "stratified-user:0.8:1");
    }

    @Test
    void theWeightGridCoversTheSimplex() {
        List<float[]> grid = TwoStage.simplexGrid(3, 10);
        assertThat(grid).hasSize(66);
        for (float[] weights : grid) {
            assertThat(weights[0] + weights[1] + weights[2]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        }
        assertThat(grid).anySatisfy(w -> assertThat(w).containsExactly(1f, 0f, 0f))
                .anySatisfy(w -> assertThat(w).containsExactly(0f, 0f, 1f))
                .anySatisfy(w -> assertThat(w).containsExactly(0.3f, 0.2f, 0.5f));
        assertThat(TwoStage.simplexGrid(2, 10)).hasSize(11);
    }

    @Test
    void givenWeightsAreUsedAsTheyAre() {
        TrainedModel model = new TwoStage().train(data, Hyperparameters.of("ranker", "ease,popular", "blend", "1,0,0",
                "candidates", "50"), TrainingLoop.Validation.NONE);
        TwoStageScorer scorer = (TwoStageScorer) model.scorer();
        assertThat(scorer.weights()).containsExactly(1f, 0f, 0f);
        assertThat(model.metrics()).doesNotContainKey("validation_ndcg@10");
        // the retriever alone: lists in the retriever's own order
        Scorer retriever = scorer.retriever();
        float[] a = new float[data.numItems];
        float[] b = new float[data.numItems];
        for (int u = 0; u < data.numUsers; u += 11) {
            assertThat(scorer.recommend(u, 10, a)).containsExactly(retriever.recommend(u, 10, b));
        }
    }

    @Test
    void choosesWeightsOnTheValidationSplitAndRecordsThem() {
        TrainedModel model = new TwoStage().train(data, Hyperparameters.of("retriever.factors", "16", "ranker", "ease,popular",
                "candidates", "50"), TrainingLoop.Validation.NONE);
        double chosen = model.metrics().get("validation_ndcg@10");
        for (String role : new String[] {"retriever", "ranker", "ranker2"}) {
            assertThat(chosen).isGreaterThanOrEqualTo(model.metrics().get("validation_ndcg@10_" + role));
        }
        // popular is the weakest stage on planted data: it cannot be what the search settles on alone
        assertThat(model.metrics().get("weight_ranker2")).isLessThan(1.0);
    }

    /**
     * When no blend beats a single stage on validation, the pipeline says so and serves that stage alone: here EASE
     * over the whole catalogue against any blend limited to the ten most popular items.
     */
    @Test
    void aStageThatBeatsEveryBlendOnValidationIsServedAlone() {
        TrainedModel model = new TwoStage().train(data, Hyperparameters.of("retriever", "popular", "ranker", "ease", "candidates", "10",
                "tune", "off"), TrainingLoop.Validation.NONE);
        assertThat(model.metrics()).containsEntry("served_alone_stage", 1.0);
        assertThat(model.metrics().get("validation_ndcg@10_ranker_whole_catalogue")).isGreaterThan(model.metrics().get("validation_ndcg@10"));
        assertThat(model.scorer()).isNotInstanceOf(TwoStageScorer.class);
        assertThat(model.stages()).singleElement().satisfies(stage -> {
            assertThat(stage.role()).isEqualTo("ranker");
            assertThat(stage.algorithm()).isEqualTo("ease");
        });
        // and served as that stage trained alone: the same lists as EASE's own model on the same data
        Scorer ease = new Ease().train(data, Hyperparameters.of("tune", "off"), TrainingLoop.Validation.NONE).scorer();
        assertThat(dev.lambdarec.eval.Evaluator.ranking(model.scorer(), data.test, 10))
                .isEqualTo(dev.lambdarec.eval.Evaluator.ranking(ease, data.test, 10));
    }

    @Test
    void badSettingsAreRefusedNamingThemBeforeAnythingTrains() {
        java.util.function.Function<String[], org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable>> refused =
                keyValues -> assertThatThrownBy(() -> AlgorithmSchemas.validate("two-stage", Hyperparameters.of(keyValues).values()));
        refused.apply(new String[] {"ranker", "dlrm,ease", "blend", "0.5"})
                .hasMessageContaining("hyperparameter blend must be auto or 3 non-negative weights, the retriever's first");
        refused.apply(new String[] {"ranker", "ease", "blend", "1,-1"}).hasMessageContaining("hyperparameter blend must be auto or non-negative weights");
        refused.apply(new String[] {"ranker", "ease", "blend", "0,0"}).hasMessageContaining("not all zero");
        refused.apply(new String[] {"ranker", "ease,ials"}).hasMessageContaining("each stage must be a different algorithm; 'ials' is named twice");
        refused.apply(new String[] {"ranker", "ease,dlrm,neumf,wide-deep"}).hasMessageContaining("hyperparameter ranker takes 1 to 3 algorithms");
        refused.apply(new String[] {"ranker", "dlrm,ease", "ranker2.lambda", "-1"}).hasMessageContaining("hyperparameter ranker2.lambda must be between");
        refused.apply(new String[] {"ranker", "dlrm,ease", "ranker2.lamda", "300"}).hasMessageContaining("unknown hyperparameter(s) [ranker2.lamda]");
        refused.apply(new String[] {"ranker", "dlrm,ease", "ranker3.factors", "8"}).as("no third ranker").hasMessageContaining("unknown hyperparameter(s) [ranker3.factors]");
        refused.apply(new String[] {"ranker", "wide-deep", "ranker.objective", "rating"}).hasMessageContaining("ranking algorithms");
        AlgorithmSchemas.validate("two-stage", Hyperparameters.of("ranker", "dlrm,ease", "ranker.factors", "8", "ranker2.lambda", "50",
                "retriever.seed", "7", "blend", "0.2,0.3,0.5").values());
    }

    @Test
    void theValidationSplitLosesNothingAndSamplesUsersWhenAsked() {
        TrainingData all = data.validationSplit(0.2, 10_000, 5);
        assertThat(all.trainUsers.length + all.testUsers.length).isEqualTo(data.trainUsers.length);
        assertThat(all.testUsers.length).isBetween((int) (0.15 * data.trainUsers.length), (int) (0.25 * data.trainUsers.length));
        for (int k = 0; k < all.testUsers.length; k++) {
            assertThat(data.train.contains(all.testUsers[k], all.testItems[k])).isTrue();
            assertThat(all.train.contains(all.testUsers[k], all.testItems[k])).isFalse();
        }
        // the kept interactions keep their timestamps (EASE's session term reads them)
        java.util.Map<Long, Long> timeOf = new java.util.HashMap<>();
        for (int k = 0; k < data.trainUsers.length; k++) {
            timeOf.put((long) data.trainUsers[k] * data.numItems + data.trainItems[k], data.trainTimes[k]);
        }
        for (int k = 0; k < all.trainUsers.length; k++) {
            assertThat(all.trainTimes[k]).isEqualTo(timeOf.get((long) all.trainUsers[k] * data.numItems + all.trainItems[k]));
        }
        TrainingData sampled = data.validationSplit(0.2, 60, 5);
        assertThat(sampled.trainUsers.length + sampled.testUsers.length).isEqualTo(data.trainUsers.length);
        long users = Arrays.stream(sampled.testUsers).distinct().count();
        assertThat(users).isBetween(30L, 90L);
    }
}
