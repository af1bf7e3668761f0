package dev.lambdarec.train;

import dev.lambdarec.model.ItemItemScorer;
import dev.lambdarec.model.UserItems;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): with G = X'X + lambda I
 * over the binary training matrix and P = G^-1, the item-item weights are B = I - P diagMat(1/diag(P)),
 * i.e. B_ij = -P_ij / P_jj off the diagonal and 0 on it. Closed form; memory is numItems^2 doubles.
 * {@code dropout} p > 0 adds the emphasised-denoising penalty of EDLAE (Steck, NeurIPS 2020),
 * p/(1-p) diag(X'X), to the diagonal, regularising popular items more.
 */
public final class Ease implements Algorithm {
    private static final Logger LOG = Logger.getLogger(Ease.class.getName());
    static final int MAX_ITEMS = 30_000;

    @Override
    public String name() {
        return "ease";
    }

    @Override
    public TrainedModel train(TrainingData data, Hyperparameters hyperparameters, TrainingLoop.Validation validation) {
        double lambda = hyperparameters.real("lambda", 500, 0, 1e9);
        double dropout = hyperparameters.real("dropout", 0, 0, 0.95);
        int n = data.numItems;
        if (n > MAX_ITEMS) {
            throw new IllegalArgumentException("ease needs numItems^2 doubles; " + n + " items is over " + MAX_ITEMS
                    + " (filter items with minItemInteractions)");
        }
        long started = System.nanoTime();
        double[][] g = gram(data.train, n);
        for (int i = 0; i < n; i++) {
            g[i][i] += lambda + dropout / (1 - dropout) * g[i][i];
        }
        double gramSeconds = (System.nanoTime() - started) / 1e9;
        invertInPlace(g);
        float[] weights = new float[n * n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double[] row = g[i];
            for (int j = 0; j < n; j++) {
                weights[i * n + j] = i == j ? 0f : (float) (-row[j] / g[j][j]);
            }
        });
        LOG.info(String.format("ease: %d items, lambda %.1f: gram %.2f s, inverse and weights %.2f s", n, lambda,
                gramSeconds, (System.nanoTime() - started) / 1e9 - gramSeconds));
        return new TrainedModel(new ItemItemScorer(weights, n, data.train), List.of());
    }

    /** X'X of the binary user-item matrix: co-occurrence counts. */
    static double[][] gram(UserItems train, int n) {
        double[][] g = new double[n][n];
        int[] items = train.items();
        for (int u = 0; u < train.numUsers(); u++) {
            for (int a = train.start(u); a < train.end(u); a++) {
                double[] row = g[items[a]];
                for (int b = train.start(u); b < train.end(u); b++) {
                    row[items[b]] += 1;
                }
            }
        }
        return g;
    }

    /**
     * In-place Gauss-Jordan inversion of a symmetric positive definite matrix (no pivoting needed); the row
     * updates of each step run in parallel and vectorise.
     */
    static void invertInPlace(double[][] a) {
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double[] pivotRow = a[k];
            double pivot = pivotRow[k];
            if (!(pivot > 0)) {
                throw new ArithmeticException("matrix is not positive definite (pivot " + pivot + " at " + k + ")");
            }
            double inverse = 1 / pivot;
            pivotRow[k] = 1;
            for (int j = 0; j < n; j++) {
                pivotRow[j] *= inverse;
            }
            final int column = k;
            IntStream.range(0, n).parallel().forEach(i -> {
                if (i == column) {
                    return;
                }
                double[] row = a[i];
                double factor = row[column];
                if (factor == 0) {
                    return;
                }
                row[column] = 0;
                for (int j = 0; j < n; j++) {
                    row[j] -= factor * pivotRow[j];
                }
            });
        }
    }
}
