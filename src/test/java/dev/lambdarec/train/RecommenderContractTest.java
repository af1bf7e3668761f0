package dev.lambdarec.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambdarec.eval.Evaluator;
import dev.lambdarec.model.ModelArtifacts;
import dev.lambdarec.model.Scorer;
import dev.lambdarec.synth.SyntheticSpec;
import dev.lambdarec.testing.TestData;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every algorithm keeps, on synthetic data with a planted structure: ranking models beat the
 * popularity baseline clearly (popular itself a random ranking; rating models the global mean's RMSE), recommendations never contain training items, the exported weights score
 * exactly like the trained model, and the same seed gives the same model. Subclasses add a factory.
 */
abstract class RecommenderContractTest {
    static TrainingData data;
    static double popularNdcg;

    abstract Algorithm algorithm();

    abstract Hyperparameters hyperparameters();

    /** How far above its baseline's nDCG@10 a ranking model must land. */
    double requiredMargin() {
        return 0.05;
    }

    /** What a ranking model must beat: popular's nDCG@10 on the same split. */
    double baselineNdcg() {
        return popularNdcg;
    }

    @BeforeAll
    static void plantedData() {
        // a clear low-rank structure: 4 factors that decide both what users pick and how they rate it
        data = TestData.trainingData(new SyntheticSpec(400, 500, 24_000, 4, 0.6, 6.0, 7), "stratified-user:0.8:1");
        Scorer popular = new Popular().train(data, Hyperparameters.of(), TrainingLoop.Validation.NONE).scorer();
        popularNdcg = Evaluator.ranking(popular, data.test, 10).get("ndcg@10");
    }

    /** Models trained once per algorithm class and shared by its tests (the neural ones take seconds). */
    private static final Map<Class<?>, TrainedModel> TRAINED = new java.util.concurrent.ConcurrentHashMap<>();

    TrainedModel train() {
        return TRAINED.computeIfAbsent(getClass(), c -> trainFresh());
    }

    TrainedModel trainFresh() {
        return algorithm().train(data, hyperparameters(), TrainingLoop.Validation.NONE);
    }

    @Test
    void beatsItsBaselineByAClearMargin() {
        if (algorithm().predictsRatings(hyperparameters())) {
            double rmse = rating(train().scorer()).get("rmse");
            assertThat(rmse).as("%s RMSE vs the global mean's %.4f", algorithm().name(), globalMeanRmse())
                    .isLessThan(globalMeanRmse() - 0.05);
            return;
        }
        double ndcg = Evaluator.ranking(train().scorer(), data.test, 10).get("ndcg@10");
        assertThat(ndcg).as("%s nDCG@10 vs baseline %.4f", algorithm().name(), baselineNdcg())
                .isGreaterThan(baselineNdcg() + requiredMargin());
    }

    @Test
    void recommendationsExcludeTrainingItems() {
        Scorer scorer = train().scorer();
        float[] scratch = new float[data.numItems];
        for (int u = 0; u < data.numUsers; u += 7) {
            for (int item : scorer.recommend(u, 20, scratch)) {
                assertThat(data.train.contains(u, item)).isFalse();
            }
        }
    }

    @Test
    void exportedWeightsScoreLikeTheTrainedModel(@TempDir Path dir) throws Exception {
        Scorer trained = train().scorer();
        ModelArtifacts.writeWeights(dir, trained);
        Scorer loaded = dev.lambdarec.model.Scorers.read(trained.family(), dev.lambdarec.io.NpzFile.read(dir.resolve("weights.npz")));
        float[] a = new float[data.numItems];
        float[] b = new float[data.numItems];
        double maxDiff = 0;
        for (int u = 0; u < data.numUsers; u += 5) {
            trained.scoreAll(u, a);
            loaded.scoreAll(u, b);
            for (int i = 0; i < a.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
                if (i % 97 == 0) {
                    maxDiff = Math.max(maxDiff, Math.abs(loaded.score(u, i) - a[i]));
                }
            }
        }
        assertThat(maxDiff).isLessThan(1e-5);
    }

    /** Every family has similar items: a finite score for every item, cosine within [-1, 1] where it is one. */
    @Test
    void similarItemsAreDefinedForEveryItem() {
        Scorer scorer = train().scorer();
        float[] cosine = new float[data.numItems];
        float[] dot = new float[data.numItems];
        for (int item = 0; item < data.numItems; item += 41) {
            scorer.similarTo(item, cosine, dev.lambdarec.model.Similarity.COSINE);
            scorer.similarTo(item, dot, dev.lambdarec.model.Similarity.DOT);
            for (int x = 0; x < data.numItems; x++) {
                assertThat(Float.isFinite(cosine[x]) && Float.isFinite(dot[x])).as("%s item %d vs %d", algorithm().name(), item, x).isTrue();
            }
            boolean vectors = !java.util.Arrays.equals(cosine, dot);
            if (vectors) {
                for (float c : cosine) {
                    assertThat(c).isBetween(-1.0001f, 1.0001f);
                }
            }
        }
    }

    @Test
    void blockScoringEqualsOneUserAtATime() {
        Scorer scorer = train().scorer();
        int[] users = {0, 3, 17, 42, 99};
        float[][] block = new float[users.length][data.numItems];
        scorer.scoreBlock(users, block);
        float[] one = new float[data.numItems];
        for (int n = 0; n < users.length; n++) {
            scorer.scoreAll(users[n], one);
            assertThat(block[n]).containsExactly(one);
        }
    }

    @Test
    void sameSeedSameModel() {
        Scorer first = train().scorer();
        Scorer second = trainFresh().scorer();
        float[] a = new float[data.numItems];
        float[] b = new float[data.numItems];
        for (int u = 0; u < data.numUsers; u += 50) {
            first.scoreAll(u, a);
            second.scoreAll(u, b);
            assertThat(b).containsExactly(a);
        }
    }

    static double globalMeanRmse() {
        double mean = 0;
        for (float r : data.trainRatings) {
            mean += r;
        }
        mean /= data.trainRatings.length;
        double baseline = 0;
        for (float r : data.testRatings) {
            baseline += (r - mean) * (r - mean);
        }
        return Math.sqrt(baseline / data.testRatings.length);
    }

    static Map<String, Double> rating(Scorer scorer) {
        return Evaluator.rating(scorer, data.testUsers, data.testItems, data.testRatings);
    }
}

class EaseContractTest extends RecommenderContractTest {
    @Override
    Algorithm algorithm() {
        return new Ease();
    }

    @Override
    Hyperparameters hyperparameters() {
        return Hyperparameters.of("lambda", "100");
    }

    @Test
    void invertsExactly() {
        double[][] a = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
        double[][] inverse = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
        Ease.invertInPlace(inverse);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += a[i][k] * inverse[k][j];
                }
                assertThat(s).isCloseTo(i == j ? 1 : 0, org.assertj.core.api.Assertions.within(1e-12));
            }
        }
    }

    @Test
    void invertsALargerGramMatrix() {
        // X'X + 2I of a random 0/1 matrix, like EASE's G, and big enough for the parallel row updates
        int n = 120;
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        double[][] x = new double[300][n];
        for (double[] row : x) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextInt(8) == 0 ? 1 : 0;
            }
        }
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (double[] row : x) {
                    g[i][j] += row[i] * row[j];
                }
            }
            g[i][i] += 2;
        }
        double[][] inverse = new double[n][];
        for (int i = 0; i < n; i++) {
            inverse[i] = g[i].clone();
        }
        Ease.invertInPlace(inverse);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += g[i][k] * inverse[k][j];
                }
                assertThat(s).isCloseTo(i == j ? 1 : 0, org.assertj.core.api.Assertions.within(1e-10));
                assertThat(inverse[i][j]).isEqualTo(inverse[j][i]);
            }
        }
    }
}

class IalsContractTest extends RecommenderContractTest {
    @Override
    Algorithm algorithm() {
        return new Ials();
    }

    @Override
    Hyperparameters hyperparameters() {
        return Hyperparameters.of("factors", "16", "iterations", "8");
    }

    @Test
    void choleskyAndConjugateGradientAgreeOnQuality() {
        Scorer exact = new Ials().train(data, Hyperparameters.of("factors", "16", "iterations", "8", "solver", "cholesky"),
                TrainingLoop.Validation.NONE).scorer();
        Scorer cg = new Ials().train(data, hyperparameters(), TrainingLoop.Validation.NONE).scorer();
        double exactNdcg = Evaluator.ranking(exact, data.test, 10).get("ndcg@10");
        double cgNdcg = Evaluator.ranking(cg, data.test, 10).get("ndcg@10");
        assertThat(cgNdcg).isCloseTo(exactNdcg, org.assertj.core.api.Assertions.within(0.02));
    }
}

class MfContractTest extends RecommenderContractTest {
    @Override
    Algorithm algorithm() {
        return new BiasedMf();
    }

    @Override
    Hyperparameters hyperparameters() {
        return Hyperparameters.of("factors", "8", "iterations", "40", "burn_in", "10");
    }

    static Hyperparameters sgd() {
        return Hyperparameters.of("method", "sgd", "factors", "8", "epochs", "40", "learning_rate", "0.01");
    }

    /** The contract runs the Bayesian default; the SGD method meets the same bar. */
    @Test
    void theSgdMethodAlsoBeatsTheGlobalMean() {
        assertThat(rating(new BiasedMf().train(data, sgd(), TrainingLoop.Validation.NONE).scorer()).get("rmse"))
                .isLessThan(globalMeanRmse() - 0.05);
    }

    @Test
    void wishartDrawsHaveTheRightMean() {
        // E[Wishart(W, nu)] = nu W
        double[] w = {2, 0.5, 0.5, 1};
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        double[] sum = new double[4];
        int draws = 20_000;
        for (int n = 0; n < draws; n++) {
            double[] d = Gaussian.wishart(w, 5, 2, random);
            for (int p = 0; p < 4; p++) {
                sum[p] += d[p] / draws;
            }
        }
        for (int p = 0; p < 4; p++) {
            assertThat(sum[p]).isCloseTo(5 * w[p], org.assertj.core.api.Assertions.within(0.15 * 5 * w[p] + 0.05));
        }
    }
}

class FmContractTest extends RecommenderContractTest {
    @Override
    Algorithm algorithm() {
        return new FactorizationMachine();
    }

    @Override
    Hyperparameters hyperparameters() {
        return Hyperparameters.of("factors", "8", "epochs", "5");
    }

    @Test
    void exportedScorerAgreesWithTribuosOwnEvaluation() {
        TrainedModel model = new FactorizationMachine().train(data, hyperparameters(), TrainingLoop.Validation.NONE);
        Map<String, Double> ours = rating(model.scorer());
        assertThat(ours.get("rmse")).isCloseTo(model.metrics().get("tribuo_rmse"), org.assertj.core.api.Assertions.within(1e-4));
        assertThat(ours.get("mae")).isCloseTo(model.metrics().get("tribuo_mae"), org.assertj.core.api.Assertions.within(1e-4));
        assertThat(ours.get("rmse")).isLessThan(globalMeanRmse() - 0.05);
    }
}

/** The baseline keeps the contract too: popularity is far better than chance on data with popular items. */
class PopularContractTest extends RecommenderContractTest {
    @Override
    Algorithm algorithm() {
        return new Popular();
    }

    @Override
    Hyperparameters hyperparameters() {
        return Hyperparameters.of();
    }

    /** A seeded uniformly random ranking, seen items excluded like every model's. */
    @Override
    double baselineNdcg() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        float[] scores = new float[data.numItems];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (float) random.nextDouble();
        }
        return Evaluator.ranking(new dev.lambdarec.model.PopularityScorer(scores, train().scorer().seen()), data.test, 10).get("ndcg@10");
    }

    @Test
    void ranksByTrainingInteractions() {
        Scorer scorer = train().scorer();
        int[] counts = new int[data.numItems];
        for (int item : data.trainItems) {
            counts[item]++;
        }
        for (int i = 1; i < data.numItems; i++) {
            assertThat(Math.signum(scorer.score(0, i) - scorer.score(0, i - 1))).isEqualTo(Math.signum(counts[i] - counts[i - 1]));
        }
    }
}
