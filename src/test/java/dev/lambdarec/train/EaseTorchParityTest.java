package dev.lambdarec.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambdarec.model.Scorer;
import dev.lambdarec.synth.SyntheticSpec;
import dev.lambdarec.testing.TestData;
import org.junit.jupiter.api.Test;

/** EASE with the Gram matrix inverted by PyTorch scores as the Java sweep does, to 1e-4, session term included. */
class EaseTorchParityTest {
    @Test
    void pyTorchsInverseGivesTheJavaScores() {
        TrainingData data = TestData.trainingData(new SyntheticSpec(400, 300, 16_000, 4, 0.6, 6.0, 5), "stratified-user:0.8:1");
        for (String sessionWeight : new String[] {"0", "1"}) {
            Scorer java = new Ease().train(data, Hyperparameters.of("inverse", "java", "lambda", "50", "session_weight", sessionWeight),
                    TrainingLoop.Validation.NONE).scorer();
            Scorer torch = new Ease().train(data, Hyperparameters.of("inverse", "torch", "lambda", "50", "session_weight", sessionWeight),
                    TrainingLoop.Validation.NONE).scorer();
            float[] a = new float[data.numItems];
            float[] b = new float[data.numItems];
            double largest = 0;
            for (int u = 0; u < data.numUsers; u++) {
                java.scoreAll(u, a);
                torch.scoreAll(u, b);
                for (int i = 0; i < a.length; i++) {
                    assertThat((double) b[i]).as("user %d item %d, session_weight %s", u, i, sessionWeight).isCloseTo(a[i],
                            org.assertj.core.data.Offset.offset(1e-4));
                    largest = Math.max(largest, Math.abs(a[i]));
                }
            }
            assertThat(largest).as("scores that are not all zero").isGreaterThan(0.01);
        }
    }
}
