package dev.lambdarec.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambdarec.model.Scorer;
import dev.lambdarec.synth.SyntheticSpec;
import dev.lambdarec.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * EASE with the Gram matrix inverted by PyTorch scores as the Java sweep does, to 1e-4, session term included: in
 * float where the matrix is well conditioned (lambda 50 here), in double where it is not (lambda 0.5).
 */
class EaseTorchParityTest {
    private final TrainingData data = TestData.trainingData(new SyntheticSpec(400, 300, 16_000, 4, 0.6, 6.0, 5), "stratified-user:0.8:1");

    @Test
    void pyTorchsInverseGivesTheJavaScoresInFloatAndInDouble() {
        for (String lambda : new String[] {"50", "0.5"}) {
            double bound = boundAt(Double.parseDouble(lambda));
            assertThat(bound <= Ease.FLOAT_CONDITION_LIMIT).as("lambda %s (bound %.0f) inverts in float", lambda, bound)
                    .isEqualTo(lambda.equals("50"));
            for (String sessionWeight : new String[] {"0", "1"}) {
                assertSameScores(lambda, sessionWeight);
            }
        }
    }

    @Test
    void theConditionBoundHoldsAndIsInfiniteWithoutAShift() {
        double lambda = 0.5;
        double[][] g = {{2 + lambda, 1}, {1, 2 + lambda}}; // eigenvalues 3 + lambda and 1 + lambda
        assertThat(Ease.conditionBound(g, lambda)).isGreaterThanOrEqualTo((3 + lambda) / (1 + lambda)).isEqualTo((3 + lambda) / lambda);
        assertThat(Ease.conditionBound(g, 0)).isInfinite();
    }

    private double boundAt(double lambda) {
        double[][] g = Ease.gram(data.train, data.numItems);
        for (int i = 0; i < g.length; i++) {
            g[i][i] += lambda;
        }
        return Ease.conditionBound(g, lambda);
    }

    private void assertSameScores(String lambda, String sessionWeight) {
        Scorer java = new Ease().train(data, Hyperparameters.of("inverse", "java", "lambda", lambda, "session_weight", sessionWeight),
                TrainingLoop.Validation.NONE).scorer();
        Scorer torch = new Ease().train(data, Hyperparameters.of("inverse", "torch", "lambda", lambda, "session_weight", sessionWeight),
                TrainingLoop.Validation.NONE).scorer();
        float[] a = new float[data.numItems];
        float[] b = new float[data.numItems];
        double largest = 0;
        for (int u = 0; u < data.numUsers; u++) {
            java.scoreAll(u, a);
            torch.scoreAll(u, b);
            for (int i = 0; i < a.length; i++) {
                assertThat((double) b[i]).as("user %d item %d, lambda %s, session_weight %s", u, i, lambda, sessionWeight)
                        .isCloseTo(a[i], org.assertj.core.data.Offset.offset(1e-4));
                largest = Math.max(largest, Math.abs(a[i]));
            }
        }
        assertThat(largest).as("scores that are not all zero").isGreaterThan(0.01);
    }
}
