package dev.lambdarec.train;

import java.util.SplittableRandom;

/** Small dense symmetric positive definite algebra (k x k, row-major, double) and Gaussian/Wishart sampling. */
final class Gaussian {
    private Gaussian() {
    }

    /** Lower Cholesky factor L of a symmetric positive definite A (A = L L'). */
    static double[] cholesky(double[] a, int k) {
        double[] l = new double[k * k];
        for (int j = 0; j < k; j++) {
            double s = a[j * k + j];
            for (int p = 0; p < j; p++) {
                s -= l[j * k + p] * l[j * k + p];
            }
            if (!(s > 0)) {
                throw new ArithmeticException("matrix is not positive definite");
            }
            double d = Math.sqrt(s);
            l[j * k + j] = d;
            for (int i = j + 1; i < k; i++) {
                double t = a[i * k + j];
                for (int p = 0; p < j; p++) {
                    t -= l[i * k + p] * l[j * k + p];
                }
                l[i * k + j] = t / d;
            }
        }
        return l;
    }

    /** Solves (L L') x = b. */
    static double[] solveCholesky(double[] l, double[] b, int k) {
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            double s = b[i];
            for (int p = 0; p < i; p++) {
                s -= l[i * k + p] * y[p];
            }
            y[i] = s / l[i * k + i];
        }
        return solveUpper(l, y, k);
    }

    /** Solves L' x = y (L lower): with y ~ N(0, I), x ~ N(0, (L L')^-1). */
    static double[] solveUpper(double[] l, double[] y, int k) {
        double[] x = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double s = y[i];
            for (int p = i + 1; p < k; p++) {
                s -= l[p * k + i] * x[p];
            }
            x[i] = s / l[i * k + i];
        }
        return x;
    }

    static double[] inverse(double[] a, int k) {
        double[] l = cholesky(a, k);
        double[] out = new double[k * k];
        double[] unit = new double[k];
        for (int c = 0; c < k; c++) {
            java.util.Arrays.fill(unit, 0);
            unit[c] = 1;
            double[] column = solveCholesky(l, unit, k);
            for (int r = 0; r < k; r++) {
                out[r * k + c] = column[r];
            }
        }
        return out;
    }

    /** A Wishart(W, nu) draw by Bartlett's decomposition: L A A' L' with W = L L'. */
    static double[] wishart(double[] w, int nu, int k, SplittableRandom random) {
        double[] l = cholesky(w, k);
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
