package dev.lambdarec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambdarec.eval.Evaluator;
import dev.lambdarec.model.DlrmScorer;
import dev.lambdarec.model.FactorScorer;
import dev.lambdarec.model.PairMlpScorer;
import dev.lambdarec.model.Scorer;
import dev.lambdarec.model.TwoStageScorer;
import dev.lambdarec.train.neural.Dlrm;
import dev.lambdarec.train.neural.NeuMf;
import dev.lambdarec.train.neural.TwoTower;
import dev.lambdarec.train.neural.WideDeep;
import org.junit.jupiter.api.Test;

/**
 * The DJL models keep the same contract as the classic ones (planted structure, exclusions, export, seeds), and
 * their exported plain-Java scorers reproduce DJL's own forward pass to 1e-5 on random pairs.
 */
abstract class NeuralContractTest extends RecommenderContractTest {

    @Test
    void exportedScorerMatchesTheNetworksForwardPass() {
        assertThat(train().metrics().get("parity_max_abs_diff")).isNotNull().isLessThan(1e-5);
    }
}

class NeuMfContractTest extends NeuralContractTest {
    @Override
    Algorithm algorithm() {
        return new NeuMf();
    }

    @Override
    Hyperparameters hyperparameters() {
        return Hyperparameters.of("factors", "8", "layers", "32,16,8", "epochs", "4", "batch_size", "256");
    }

    @Test
    void exportsAPairMlpScorer() {
        assertThat(train().scorer()).isInstanceOf(PairMlpScorer.class);
    }

    @Test
    void refusesLayersThatCannotSplitIntoUserAndItemHalves() {
        assertThatThrownBy(() -> new NeuMf().train(data, Hyperparameters.of("layers", "33,16"), TrainingLoop.Validation.NONE))
                .hasMessageContaining("layers");
        assertThatThrownBy(() -> new NeuMf().train(data, Hyperparameters.of("layers", "64,x"), TrainingLoop.Validation.NONE))
                .hasMessageContaining("hyperparameter layers must be layer widths");
    }
}

class TwoTowerContractTest extends NeuralContractTest {
    @Override
    Algorithm algorithm() {
        return new TwoTower();
    }

    @Override
    Hyperparameters hyperparameters() {
        return Hyperparameters.of("factors", "8", "layers", "16", "epochs", "20", "batch_size", "128", "learning_rate", "0.01");
    }

    /** Every exported user and item vector has unit length, and every score is their dot product. */
    @Test
    void retrievalIsADotProductOfUnitVectors(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        FactorScorer scorer = (FactorScorer) train().scorer();
        dev.lambdarec.model.ModelArtifacts.writeWeights(dir, scorer);
        dev.lambdarec.io.NpzFile npz = dev.lambdarec.io.NpzFile.read(dir.resolve("weights.npz"));
        float[] users = npz.array("user_factors").floats();
        float[] items = npz.array("item_factors").floats();
        int k = users.length / data.numUsers;
        assertThat(items.length).isEqualTo(k * data.numItems);
        for (float[] vectors : new float[][] {users, items}) {
            for (int row = 0; row < vectors.length / k; row++) {
                double norm = 0;
                for (int f = 0; f < k; f++) {
                    norm += vectors[row * k + f] * vectors[row * k + f];
                }
                assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
            }
        }
        float[] scores = new float[data.numItems];
        for (int u = 0; u < data.numUsers; u += 37) {
            scorer.scoreAll(u, scores);
            for (int i = 0; i < data.numItems; i++) {
                double dot = 0;
                for (int f = 0; f < k; f++) {
                    dot += users[u * k + f] * items[i * k + f];
                }
                assertThat((double) scores[i]).isCloseTo(dot, org.assertj.core.api.Assertions.within(1e-5));
            }
        }
    }
}

class WideDeepContractTest extends NeuralContractTest {
    @Override
    Algorithm algorithm() {
        return new WideDeep();
    }

    @Override
    Hyperparameters hyperparameters() {
        return Hyperparameters.of("factors", "8", "layers", "32,16", "epochs", "8", "batch_size", "256", "learning_rate", "0.005");
    }

    @Test
    void ratingObjectivePredictsRatingsBetterThanTheGlobalMean() {
        Hyperparameters hp = Hyperparameters.of("objective", "rating", "factors", "8", "layers", "16", "epochs", "15", "batch_size", "512",
                "learning_rate", "0.005", "dropout", "0.5");
        assertThat(new WideDeep().predictsRatings(hp)).isTrue();
        TrainedModel model = new WideDeep().train(data, hp, TrainingLoop.Validation.NONE);
        assertThat(rating(model.scorer()).get("rmse")).isLessThan(globalMeanRmse() - 0.03);
        assertThat(model.metrics().get("parity_max_abs_diff")).isLessThan(1e-5);
    }
}

class DlrmContractTest extends NeuralContractTest {
    @Override
    Algorithm algorithm() {
        return new Dlrm();
    }

    @Override
    Hyperparameters hyperparameters() {
        return Hyperparameters.of("factors", "8", "top_layers", "32,16", "epochs", "8", "batch_size", "256", "learning_rate", "0.005");
    }

    @Test
    void exportsADlrmScorer() {
        assertThat(train().scorer()).isInstanceOf(DlrmScorer.class);
    }
}

class TwoStageContractTest extends RecommenderContractTest {
    @Override
    Algorithm algorithm() {
        return new TwoStage();
    }

    /** The default shape: iALS retrieves, DLRM and EASE re-rank. */
    @Override
    Hyperparameters hyperparameters() {
        return Hyperparameters.of("retriever", "ials", "retriever.factors", "16", "retriever.iterations", "8", "ranker", "dlrm,ease",
                "ranker.factors", "8", "ranker.top_layers", "32,16", "ranker.epochs", "8", "ranker.batch_size", "256",
                "ranker.learning_rate", "0.005", "ranker2.lambda", "100", "candidates", "100");
    }

    @Test
    void atLeastAsGoodAsItsRetrieverAloneAndRecordsEveryStage() {
        TrainedModel model = train();
        TwoStageScorer scorer = (TwoStageScorer) model.scorer();
        double twoStage = Evaluator.ranking(scorer, data.test, 10).get("ndcg@10");
        double retriever = Evaluator.ranking(scorer.retriever(), data.test, 10).get("ndcg@10");
        assertThat(twoStage).isGreaterThanOrEqualTo(retriever - 0.01);
        assertThat(model.stages()).extracting(s -> s.role() + ":" + s.algorithm() + ":" + s.family())
                .containsExactly("retriever:ials:factors", "ranker:dlrm:dlrm", "ranker2:ease:item_item");
        assertThat(model.stages().get(1).hyperparameters()).containsEntry("top_layers", "32,16");
        assertThat(model.stages().get(2).hyperparameters()).containsEntry("lambda", "100");
        float[] weights = scorer.weights();
        assertThat(weights[0] + weights[1] + weights[2]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(model.metrics()).containsKeys("weight_retriever", "weight_ranker", "weight_ranker2", "validation_ndcg@10",
                "validation_ndcg@10_retriever", "validation_ndcg@10_ranker2", "ranker_parity_max_abs_diff");
    }

    @Test
    void stageHyperparametersAreCheckedUnderTheirPrefix() {
        Hyperparameters hp = Hyperparameters.of("retriever", "ials", "retriever.factors", "0");
        assertThatThrownBy(() -> new TwoStage().train(data, hp, TrainingLoop.Validation.NONE))
                .hasMessageContaining("hyperparameter retriever.factors must be between");
        assertThatThrownBy(() -> new TwoStage().train(data, Hyperparameters.of("ranker", "mf"), TrainingLoop.Validation.NONE))
                .hasMessageContaining("ranking algorithms");
    }
}
