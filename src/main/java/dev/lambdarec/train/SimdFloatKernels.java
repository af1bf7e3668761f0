package dev.lambdarec.train;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link FloatKernels} on the JDK's vector API: loaded by name, only when the JVM has the incubator module. */
final class SimdFloatKernels implements FloatKernels {
    private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
    private static final int WIDTH = LANES.length();

    @Override
    public float dot(float[] a, int aFrom, float[] b, int bFrom, int length) {
        FloatVector s0 = FloatVector.zero(LANES);
        FloatVector s1 = FloatVector.zero(LANES);
        FloatVector s2 = FloatVector.zero(LANES);
        FloatVector s3 = FloatVector.zero(LANES);
        int i = 0;
        for (; i + 4 * WIDTH <= length; i += 4 * WIDTH) {
            s0 = FloatVector.fromArray(LANES, a, aFrom + i).fma(FloatVector.fromArray(LANES, b, bFrom + i), s0);
            s1 = FloatVector.fromArray(LANES, a, aFrom + i + WIDTH).fma(FloatVector.fromArray(LANES, b, bFrom + i + WIDTH), s1);
            s2 = FloatVector.fromArray(LANES, a, aFrom + i + 2 * WIDTH).fma(FloatVector.fromArray(LANES, b, bFrom + i + 2 * WIDTH), s2);
            s3 = FloatVector.fromArray(LANES, a, aFrom + i + 3 * WIDTH).fma(FloatVector.fromArray(LANES, b, bFrom + i + 3 * WIDTH), s3);
        }
        for (; i + WIDTH <= length; i += WIDTH) {
            s0 = FloatVector.fromArray(LANES, a, aFrom + i).fma(FloatVector.fromArray(LANES, b, bFrom + i), s0);
        }
        float sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < length; i++) {
            sum += a[aFrom + i] * b[bFrom + i];
        }
        return sum;
    }

    @Override
    public void axpy(float alpha, float[] x, int xFrom, float[] y, int yFrom, int length) {
        FloatVector scale = FloatVector.broadcast(LANES, alpha);
        int i = 0;
        for (; i + WIDTH <= length; i += WIDTH) {
            FloatVector.fromArray(LANES, x, xFrom + i).fma(scale, FloatVector.fromArray(LANES, y, yFrom + i)).intoArray(y, yFrom + i);
        }
        for (; i < length; i++) {
            y[yFrom + i] += alpha * x[xFrom + i];
        }
    }

    @Override
    public String name() {
        return "vector API, " + WIDTH + " float lanes";
    }
}
