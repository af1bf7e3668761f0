package dev.lambdarec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lambdarec.model.ImplicitAlsFoldIn;
import dev.lambdarec.synth.SyntheticSpec;
import dev.lambdarec.testing.TestData;
import org.junit.jupiter.api.Test;

/** The work of a sweep is counted from the solver's own loops, and its rate goes to the model's metrics. */
class IalsSweepRateTest {
    private static final ImplicitAlsFoldIn RULE = new ImplicitAlsFoldIn(1, false, 1, false, 0.1, 0.1, 0);

    @Test
    void aHalfStepsWorkIsCountedAsItsLoopsDoIt() {
        // 2 rows, 3 observations, 4 fixed rows, k = 2
        Ials.Csr rows = Ials.Csr.of(2, new int[] {0, 0, 1}, new int[] {0, 1, 3}, new float[] {1, 1, 1});
        double gram = 4 * 2 * 3; // count * k(k+1): the upper triangle's multiply-adds
        double exact = gram + 2 * (8.0 / 3 + 3 * 4) + 3 * (2 * 3 + 2 * 2);
        assertThat(new Ials.Solver(2, RULE, false, 3).halfStepFlops(rows, 4)).isCloseTo(exact, within(1e-9));
        double cg = gram + 2 * (4 * (2 * 4 + 2 * 2) + 3 * 10 * 2) + 3 * (4 * 4 * 2 + 2 * 2);
        assertThat(new Ials.Solver(2, RULE, true, 3).halfStepFlops(rows, 4)).isCloseTo(cg, within(1e-9));
    }

    @Test
    void theMedianSweepsRateIsRecorded() {
        assertThat(Ials.sweepRate(6e9, new double[] {3, 1, 2})).containsEntry("sweep_gflop", 6.0)
                .containsEntry("sweep_seconds", 2.0).containsEntry("sweep_gflops_per_second", 3.0);
        TrainingData data = TestData.trainingData(new SyntheticSpec(200, 100, 4_000, 4, 0.6, 6.0, 3), "stratified-user:0.8:1");
        TrainedModel model = new Ials().train(data, Hyperparameters.of("factors", "8", "iterations", "2"), TrainingLoop.Validation.NONE);
        assertThat(model.metrics().get("sweep_gflop")).isPositive();
        assertThat(model.metrics().get("sweep_gflops_per_second")).isPositive();
    }
}
