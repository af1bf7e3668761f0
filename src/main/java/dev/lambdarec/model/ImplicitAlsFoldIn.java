package dev.lambdarec.model;

import dev.lambdarec.io.NpzFile;
import dev.lambdarec.io.NpzWriter;
import java.io.IOException;

/**
 * iALS's user solve, the one code path the trainer's half-sweeps and fold-in share: with the item factors Y
 * fixed, (w0 Y'Y + lambda_u I + sum over the user's items of (c - w0) y y') x = sum of c y, where c = 1 + alpha r
 * (linear) or 1 + alpha log(1 + r / epsilon) (log), and lambda_u = lambda (n_u + w0 numItems)^nu. Fold-in
 * always solves exactly (Cholesky); a training sweep with {@code solver=cg} takes a few warm-started steps
 * towards this same solution.
 */
public record ImplicitAlsFoldIn(double alpha, boolean logWeighting, double epsilon, boolean fromRating, double unobserved,
                                double lambda, double nu) implements FactorFoldIn {
    static final String KEY = "fold_in_implicit_als";

    /** The confidence of one observed interaction of value (count or rating) r. */
    public double confidence(double r) {
        return logWeighting ? 1 + alpha * Math.log(1 + r / epsilon) : 1 + alpha * r;
    }

    /** lambda_u for a row with {@code observed} entries against {@code others} rows of the fixed side. */
    public double regularization(int observed, int others) {
        return lambda * Math.pow(observed + unobserved * others, nu);
    }

    /** Y'Y of a row-major {@code count} x k matrix, in double. */
    public static double[] gramian(float[] f, int count, int k) {
        double[] g = new double[k * k];
        for (int n = 0; n < count; n++) {
            int base = n * k;
            for (int a = 0; a < k; a++) {
                double fa = f[base + a];
                for (int b = a; b < k; b++) {
                    g[a * k + b] += fa * f[base + b];
                }
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < a; b++) {
                g[a * k + b] = g[b * k + a];
            }
        }
        return g;
    }

    /**
     * The exact solve for one row whose observed columns are {@code columns[from, to)} with confidences
     * {@code confidences[from, to)}, against {@code fixed} (row-major, k columns) and its Gramian.
     */
    public static double[] solveRow(double[] gram, double w0, double reg, int[] columns, float[] confidences, int from, int to,
                                    float[] fixed, int k) {
        double[] a = new double[k * k];
        double[] b = new double[k];
        for (int p = 0; p < k * k; p++) {
            a[p] = w0 * gram[p];
        }
        for (int p = 0; p < k; p++) {
            a[p * k + p] += reg;
        }
        double[] row = new double[k];
        for (int n = from; n < to; n++) {
            int base = columns[n] * k;
            for (int i = 0; i < k; i++) {
                row[i] = fixed[base + i]; // widened once, so the update below is a double axpy C2 vectorises
            }
            double c = confidences[n];
            double extra = c - w0;
            for (int i = 0; i < k; i++) {
                double fi = row[i];
                b[i] += c * fi;
                double scaled = extra * fi;
                int at = i * k;
                for (int j = 0; j <= i; j++) {
                    a[at + j] += scaled * row[j];
                }
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                a[i * k + j] = a[j * k + i];
            }
        }
        return Cholesky.solveCholesky(Cholesky.cholesky(a, k), b, k);
    }

    /** A known user's training items count as interactions of value 1 (the model keeps which, not their values). */
    @Override
    public UserVector solve(FactorScorer model, History history, int knownUser) {
        History rows = knownUser >= 0 ? history.withTrainingItems(model.seen(), knownUser) : history;
        float[] confidences = new float[rows.size()];
        for (int n = 0; n < confidences.length; n++) {
            confidences[n] = (float) confidence(fromRating ? rows.valueOr(n, 1f) : 1f);
        }
        int k = model.factors();
        double[] x = solveRow(model.itemGramian(), unobserved, regularization(rows.size(), model.numItems()), rows.items(),
                confidences, 0, rows.size(), model.itemFactors(), k);
        float[] factors = new float[k];
        for (int f = 0; f < k; f++) {
            factors[f] = (float) x[f];
        }
        return new UserVector(factors, 0f);
    }

    @Override
    public void writeTo(NpzWriter npz) throws IOException {
        npz.addDoubles(KEY, new double[] {alpha, logWeighting ? 1 : 0, epsilon, fromRating ? 1 : 0, unobserved, lambda, nu},
                new long[] {7});
    }

    static ImplicitAlsFoldIn read(NpzFile npz) {
        double[] c = FactorFoldIn.constants(npz, KEY, 7);
        return new ImplicitAlsFoldIn(c[0], c[1] != 0, c[2], c[3] != 0, c[4], c[5], c[6]);
    }
}
