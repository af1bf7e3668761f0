package dev.lambdarec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lambdarec.model.ImplicitAlsFoldIn;
import dev.lambdarec.synth.SyntheticSpec;
import dev.lambdarec.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * The work of a sweep is counted from the solver's own loops, and its rate goes to the model's metrics; the solver's
 * per-thread scratch serves solvers of any k in turn.
 */
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

    @Test
    void oneThreadServesAWideSolverThenANarrowOneWithLongerRows() throws Exception {
        // 1 row of 4 observations at k = 32 leaves a scratch block of 128 floats; then 64 observations at k = 2 fit that
        // block (128) but not weights sized for 4: the scratch must grow its weights on their own count.
        // A fresh thread, so no earlier test's scratch is in the way; a one-row stream runs on its caller.
        java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
        float[] wideOut;
        float[] narrowOut;
        try {
            wideOut = thread.submit(() -> solveOnThisThread(32, 4)).get(60, java.util.concurrent.TimeUnit.SECONDS);
            narrowOut = thread.submit(() -> solveOnThisThread(2, 64)).get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
        assertThat(wideOut).doesNotContain(Float.NaN);
        assertThat(narrowOut).doesNotContain(Float.NaN);
        assertThat(narrowOut[0]).isNotZero();
    }

    /** One row observing each of the first {@code observations} fixed rows, solved by CG from zero. */
    private static float[] solveOnThisThread(int k, int observations) {
        int[] columns = new int[observations];
        float[] values = new float[observations];
        for (int n = 0; n < observations; n++) {
            columns[n] = n;
            values[n] = 2;
        }
        Ials.Csr rows = Ials.Csr.of(1, new int[observations], columns, values);
        float[] fixed = new float[observations * k];
        for (int i = 0; i < fixed.length; i++) {
            fixed[i] = (float) Math.sin(i + 1) * 0.3f;
        }
        float[] out = new float[k];
        new Ials.Solver(k, RULE, true, 3).halfStep(rows, fixed, out, observations);
        return out;
    }
}
