package dev.lambdarec.train;

import java.util.logging.Logger;

/**
 * The two inner loops of the iALS solver, dot product and axpy over float rows, in whichever form runs fastest here:
 * the JDK's vector API (SIMD lanes, four running sums) when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, plain loops otherwise. A float dot product in plain Java is one chain
 * of dependent adds (the JIT keeps float sums in order), and in a CG step that chain is most of the time.
 */
interface FloatKernels {
    Logger LOG = Logger.getLogger(FloatKernels.class.getName());

    /** The incubator module: the launchers add it (local.ChildJvm, the trainer image, the bench scripts). */
    String VECTOR_MODULE = "jdk.incubator.vector";

    float dot(float[] a, int aFrom, float[] b, int bFrom, int length);

    /** y[yFrom..] += alpha * x[xFrom..], over {@code length} values. */
    void axpy(float alpha, float[] x, int xFrom, float[] y, int yFrom, int length);

    String name();

    /** The vector kernels when the module is in the boot layer, the plain ones otherwise (chosen once). */
    static FloatKernels best() {
        return Holder.BEST;
    }

    final class Holder {
        static final FloatKernels BEST = choose();

        private Holder() {
        }

        private static FloatKernels choose() {
            if (ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent()) {
                try {
                    // by name: this class must link on a JVM without the module
                    return (FloatKernels) Class.forName("dev.lambdarec.train.SimdFloatKernels").getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError e) {
                    LOG.warning("vector kernels unavailable (" + e + "); plain loops");
                }
            }
            return new Plain();
        }
    }

    /** Plain loops; four running sums in the dot product so its adds do not wait on each other. */
    final class Plain implements FloatKernels {
        @Override
        public float dot(float[] a, int aFrom, float[] b, int bFrom, int length) {
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            int i = 0;
            for (; i + 3 < length; i += 4) {
                s0 += a[aFrom + i] * b[bFrom + i];
                s1 += a[aFrom + i + 1] * b[bFrom + i + 1];
                s2 += a[aFrom + i + 2] * b[bFrom + i + 2];
                s3 += a[aFrom + i + 3] * b[bFrom + i + 3];
            }
            for (; i < length; i++) {
                s0 += a[aFrom + i] * b[bFrom + i];
            }
            return (s0 + s1) + (s2 + s3);
        }

        @Override
        public void axpy(float alpha, float[] x, int xFrom, float[] y, int yFrom, int length) {
            for (int i = 0; i < length; i++) {
                y[yFrom + i] += alpha * x[xFrom + i];
            }
        }

        @Override
        public String name() {
            return "plain loops";
        }
    }
}
