package dev.lambdarec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FloatKernelsTest {
    private static final FloatKernels PLAIN = new FloatKernels.Plain();

    @Test
    void theTestJvmHasTheVectorKernels() {
        // surefire starts the JVM with --add-modules jdk.incubator.vector, as the training launchers do
        assertThat(FloatKernels.best()).isInstanceOf(SimdFloatKernels.class);
    }

    @Test
    void vectorAndPlainKernelsAgreeAtEveryLengthAndOffset() {
        FloatKernels simd = FloatKernels.best();
        SplittableRandom random = new SplittableRandom(3);
        for (int length = 0; length <= 150; length++) {
            int aFrom = random.nextInt(7);
            int bFrom = random.nextInt(7);
            float[] a = gaussian(aFrom + length, random);
            float[] b = gaussian(bFrom + length, random);
            double exact = 0;
            for (int i = 0; i < length; i++) {
                exact += (double) a[aFrom + i] * b[bFrom + i];
            }
            double tolerance = 1e-5 * Math.max(1, Math.sqrt(length));
            assertThat((double) simd.dot(a, aFrom, b, bFrom, length)).as("dot, length %d", length).isCloseTo(exact, within(tolerance));
            assertThat((double) PLAIN.dot(a, aFrom, b, bFrom, length)).as("dot, length %d", length).isCloseTo(exact, within(tolerance));

            float[] y1 = gaussian(bFrom + length + 3, random);
            float[] y2 = y1.clone();
            simd.axpy(0.7f, a, aFrom, y1, bFrom, length);
            PLAIN.axpy(0.7f, a, aFrom, y2, bFrom, length);
            for (int i = 0; i < y1.length; i++) {
                assertThat(y1[i]).as("axpy, length %d, at %d", length, i).isCloseTo(y2[i], within(1e-5f));
            }
        }
    }

    private static float[] gaussian(int n, SplittableRandom random) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
