package dev.lambdarec.model;

/** Small dense symmetric positive definite systems (k x k, row-major, double), solved by Cholesky. */
public final class Cholesky {
    private Cholesky() {
    }

    /** Lower Cholesky factor L of a symmetric positive definite A (A = L L'). */
    public static double[] cholesky(double[] a, int k) {
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
    public static double[] solveCholesky(double[] l, double[] b, int k) {
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
    public static double[] solveUpper(double[] l, double[] y, int k) {
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
}
