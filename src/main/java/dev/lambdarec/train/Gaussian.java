package dev.lambdarec.train;

import dev.lambdarec.model.Cholesky;
import java.util.SplittableRandom;

/** Small dense symmetric positive definite algebra (k x k, row-major, double) and Gaussian/Wishart sampling. */
final class Gaussian {
    private Gaussian() {
    }

    static double[] inverse(double[] a, int k) {
        double[] l = Cholesky.cholesky(a, k);
        double[] out = new double[k * k];
        double[] unit = new double[k];
        for (int c = 0; c < k; c++) {
            java.util.Arrays.fill(unit, 0);
            unit[c] = 1;
            double[] column = Cholesky.solveCholesky(l, unit, k);
            for (int r = 0; r < k; r++) {
                out[r * k + c] = column[r];
            }
        }
        return out;
    }

    /** A Wishart(W, nu) draw by Bartlett's decomposition: L A A' L' with W = L L'. */
    static double[] wishart(double[] w, int nu, int k, SplittableRandom random) {
        double[] l = Cholesky.cholesky(w, k);
        double[] a = new double[k * k];
        for (int i = 0; i < k; i++) {
            a[i * k + i] = Math.sqrt(chiSquared(nu - i, random));
            for (int j = 0; j < i; j++) {
                a[i * k + j] = random.nextGaussian();
            }
        }
        double[] la = multiply(l, a, k);
        double[] out = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += la[i * k + p] * la[j * k + p];
                }
                out[i * k + j] = s;
            }
        }
        return out;
    }

    private static double[] multiply(double[] a, double[] b, int k) {
        double[] out = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int p = 0; p < k; p++) {
                double x = a[i * k + p];
                for (int j = 0; j < k; j++) {
                    out[i * k + j] += x * b[p * k + j];
                }
            }
        }
        return out;
    }

    /** Chi-squared with d degrees of freedom: Gamma(d/2, 2), Marsaglia and Tsang's method. */
    static double chiSquared(double d, SplittableRandom random) {
        return 2 * gamma(d / 2, random);
    }

    private static double gamma(double shape, SplittableRandom random) {
        if (shape < 1) {
            return gamma(shape + 1, random) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
