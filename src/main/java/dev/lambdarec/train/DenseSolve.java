package dev.lambdarec.train;

/** Small dense symmetric positive definite systems (k x k, row-major), for the ALS family. */
final class DenseSolve {
    private DenseSolve() {
    }

    /** Solves A x = b by Cholesky; A is overwritten with its factor, the result is written into x. */
    static void cholesky(double[] a, double[] b, int k, float[] x, int xOffset) {
        for (int j = 0; j < k; j++) {
            double sum = a[j * k + j];
            for (int p = 0; p < j; p++) {
                sum -= a[j * k + p] * a[j * k + p];
            }
            if (!(sum > 0)) {
                throw new ArithmeticException("system is not positive definite (raise regularization)");
            }
            double diagonal = Math.sqrt(sum);
            a[j * k + j] = diagonal;
            for (int i = j + 1; i < k; i++) {
                double s = a[i * k + j];
                for (int p = 0; p < j; p++) {
                    s -= a[i * k + p] * a[j * k + p];
                }
                a[i * k + j] = s / diagonal;
            }
        }
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            double s = b[i];
            for (int p = 0; p < i; p++) {
                s -= a[i * k + p] * y[p];
            }
            y[i] = s / a[i * k + i];
        }
        for (int i = k - 1; i >= 0; i--) {
            double s = y[i];
            for (int p = i + 1; p < k; p++) {
                s -= a[p * k + i] * y[p];
            }
            y[i] = s / a[i * k + i];
            x[xOffset + i] = (float) y[i];
        }
    }
}
