package dev.lambdarec.train;

import dev.lambdarec.jobs.AlgorithmSchemas;
import dev.lambdarec.model.ItemItemScorer;
import dev.lambdarec.train.neural.TorchInverse;
import dev.lambdarec.model.UserItems;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): with G = X'X + lambda I
 * over the binary training matrix and P = G^-1, the item-item weights are B = I - P diagMat(1/diag(P)),
 * i.e. B_ij = -P_ij / P_jj off the diagonal and 0 on it. Closed form; memory 3 x 4 n^2 bytes at the peak, checked
 * against the heap before anything is allocated; the inverse by a parallel sweep in Java or by PyTorch (in float
 * when G is well conditioned).
 * {@code dropout} p > 0 adds the emphasised-denoising penalty of EDLAE (Steck, NeurIPS 2020),
 * p/(1-p) diag(X'X), to the diagonal, regularising popular items more.
 *
 * <p>{@code session_weight} w > 0 (with timestamps) adds w * sum over users of exp(-|t_a - t_b| / session_seconds)
 * for each pair of a user's items to X'X: items rated in the same sitting count extra. A random split leaves a
 * user's held-out items among the ones rated beside the training items, and the catalogue's pages make which
 * items sit beside each other similar across users. The added matrix is a sum of Laplace-kernel Gram matrices,
 * so G stays positive definite; pairs further apart than ~9.2 session_seconds (kernel below 1e-4) are skipped.
 */
public final class Ease implements Algorithm {
    private static final Logger LOG = Logger.getLogger(Ease.class.getName());
    /** The largest n whose n x n float weights fit one Java array. */
    static final int MAX_ITEMS = 46_340;
    /** The heap free for training now; tests narrow it. */
    static java.util.function.LongSupplier freeHeap = () -> {
        Runtime runtime = Runtime.getRuntime();
        return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    };
    static final double SESSION_WEIGHT = 1;
    static final double SESSION_SECONDS = 60;

    @Override
    public String name() {
        return "ease";
    }

    @Override
    public TrainedModel fit(TrainingData data, Hyperparameters hyperparameters, TrainingLoop.Validation validation) {
        double lambda = hyperparameters.real("lambda");
        double dropout = hyperparameters.real("dropout");
        double sessionWeight = hyperparameters.real("session_weight");
        double sessionSeconds = hyperparameters.real("session_seconds");
        int n = data.numItems;
        String tooLarge = wontFit(n, freeHeap.getAsLong());
        if (tooLarge != null) {
            throw new IllegalArgumentException(tooLarge + " (filter items with minItemInteractions, or train on an instance with more memory)");
        }
        long started = System.nanoTime();
        double[][] g = gram(data.train, n);
        if (sessionWeight > 0 && data.trainTimes != null) {
            addSessionPairs(g, data, sessionSeconds, sessionWeight);
        } else if (sessionWeight > 0) {
            LOG.info("ease: the dataset has no timestamps, so no session term");
        }
        for (int i = 0; i < n; i++) {
            g[i][i] += lambda + dropout / (1 - dropout) * g[i][i];
        }
        double gramSeconds = (System.nanoTime() - started) / 1e9;
        boolean inFloat = conditionBound(g, lambda) <= FLOAT_CONDITION_LIMIT;
        boolean torch = byTorch(hyperparameters.choice("inverse"), n, inFloat);
        float[] weights = !torch ? weightsInJava(g, n)
                : inFloat ? weightsFrom(TorchInverse.invertInFloat(g), n) : weightsFrom(TorchInverse.invert(g), n);
        LOG.info(String.format("ease: %d items, lambda %.1f: gram %.2f s, inverse (%s) and weights %.2f s", n, lambda,
                gramSeconds, torch ? "pytorch, " + (inFloat ? "float32" : "float64") : "java, float64",
                (System.nanoTime() - started) / 1e9 - gramSeconds));
        return new TrainedModel(new ItemItemScorer(weights, n, data.train), List.of());
    }

    /**
     * Whether PyTorch inverts: when asked, or on auto from {@code EASE_TORCH_FROM} items when its natives load and
     * its native memory (outside the heap) fits what the machine has free; the Java sweep otherwise.
     */
    private static boolean byTorch(String inverse, int n, boolean inFloat) {
        if (inverse.equals("java") || inverse.equals("auto") && n < AlgorithmSchemas.EASE_TORCH_FROM) {
            return false;
        }
        boolean loads = TorchInverse.available();
        if (inverse.equals("torch")) {
            if (!loads) {
                throw new IllegalArgumentException("hyperparameter inverse=torch, but PyTorch's natives do not load here; use auto or java");
            }
            return true;
        }
        long free = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getFreeMemorySize();
        long needed = TorchInverse.nativeBytes(n, inFloat);
        if (loads && needed > free) {
            LOG.info(String.format("ease: PyTorch's inverse needs %s of native memory, %s is free: inverting in Java", size(needed), size(free)));
        }
        return loads && needed <= free;
    }

    /** P_ij, wherever the inverse is kept. */
    private interface Inverse {
        double at(int i, int j);
    }

    /** PyTorch's inverse, row-major. */
    private static float[] weightsFrom(double[] inverse, int n) {
        return weights((i, j) -> inverse[i * n + j], n);
    }

    private static float[] weightsFrom(float[] inverse, int n) {
        return weights((i, j) -> inverse[i * n + j], n);
    }

    /**
     * The largest bound on G's condition number under which PyTorch inverts in float: LU's relative error grows
     * about as the condition number times float's 6e-8, so this keeps it near 1e-4 at the worst and far below in
     * practice (docs/benchmarks.md: at 3,000 synthetic items and bounds up to 1.1 million scores stayed within 7e-7).
     */
    static final double FLOAT_CONDITION_LIMIT = 2_000;

    /**
     * An upper bound on the condition number of G = X'X (+ session pairs) + lambda I (+ dropout's diagonal), all
     * positive semi-definite but the shift: its largest eigenvalue is at most its largest absolute row sum
     * (Gershgorin), its smallest at least lambda. Infinite without a shift.
     */
    static double conditionBound(double[][] g, double lambda) {
        if (!(lambda > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double largest = IntStream.range(0, g.length).parallel().mapToDouble(i -> {
            double sum = 0;
            for (double value : g[i]) {
                sum += Math.abs(value);
            }
            return sum;
        }).max().orElse(0);
        return largest / lambda;
    }

    /** The inverse by the symmetric sweep in place (g holds -P after it: the signs cancel in B). */
    private static float[] weightsInJava(double[][] g, int n) {
        invertInPlace(g);
        return weights((i, j) -> g[i][j], n);
    }

    /** B = I - P diagMat(1/diag(P)), row-major: B_ij = -P_ij / P_jj, 0 on the diagonal. */
    private static float[] weights(Inverse p, int n) {
        float[] weights = new float[n * n];
        IntStream.range(0, n).parallel().forEach(i -> {
            for (int j = 0; j < n; j++) {
                weights[i * n + j] = i == j ? 0f : (float) (-p.at(i, j) / p.at(j, j));
            }
        });
        return weights;
    }

    /** Bytes an n-item EASE holds at its peak: the Gram matrix inverted in place (n^2 doubles) and the weights (n^2 floats). */
    static long bytesNeeded(int n) {
        return 12L * n * n;
    }

    /** Null when an n-item EASE fits in {@code freeBytes}; otherwise why it does not, in numbers. */
    static String wontFit(int n, long freeBytes) {
        if (n > MAX_ITEMS) {
            return String.format("ease on %,d items is over %,d, the largest catalogue whose n x n weights fit one array", n, MAX_ITEMS);
        }
        long needed = bytesNeeded(n);
        return needed <= freeBytes ? null : String.format("ease on %,d items needs about %s (3 x 4 n^2 bytes: the Gram "
                + "matrix and its inverse in double, the weights in float); %s of heap is free", n, size(needed), size(freeBytes));
    }

    private static String size(long bytes) {
        return bytes >= 1e9 ? String.format("%.2f GB", bytes / 1e9) : String.format("%.1f MB", bytes / 1e6);
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

    /** Adds {@code weight * exp(-|t_a - t_b| / seconds)} to g[a][b] and g[b][a] for each pair of a user's interactions. */
    static void addSessionPairs(double[][] g, TrainingData data, double seconds, double weight) {
        double reach = seconds * Math.log(1e4);
        long[] times = data.trainTimes;
        UserItems rowsByUser = UserItems.of(data.numUsers, data.trainUsers, IntStream.range(0, times.length).toArray(), null);
        long[] sitting = new long[rowsByUser.items().length];
        for (int u = 0; u < data.numUsers; u++) {
            int start = rowsByUser.start(u);
            int end = rowsByUser.end(u);
            // (seconds since the user's first rating, row) packed in a long, sorted by time
            long first = Long.MAX_VALUE;
            for (int k = start; k < end; k++) {
                first = Math.min(first, times[rowsByUser.items()[k]]);
            }
            for (int k = start; k < end; k++) {
                int row = rowsByUser.items()[k];
                sitting[k] = (times[row] - first) << 32 | row;
            }
            Arrays.sort(sitting, start, end);
            for (int a = start; a < end; a++) {
                long timeA = sitting[a] >>> 32;
                int itemA = data.trainItems[(int) sitting[a]];
                g[itemA][itemA] += weight;
                for (int b = a + 1; b < end && (sitting[b] >>> 32) - timeA <= reach; b++) {
                    int itemB = data.trainItems[(int) sitting[b]];
                    double w = weight * Math.exp(-((sitting[b] >>> 32) - timeA) / seconds);
                    g[itemA][itemB] += w;
                    g[itemB][itemA] += w;
                }
            }
        }
    }

    /**
     * In-place inversion of a symmetric positive definite matrix by the symmetric sweep operator: sweeping pivot k
     * sets a_kk = -1/d, a_ik = a_ik/d and a_ij -= a_ik a_kj / d elsewhere (d = a_kk), keeping the matrix symmetric,
     * so only the lower triangle is updated (half the work and memory traffic of Gauss-Jordan); after every pivot
     * it holds -A^-1. Each step's row updates run in parallel and vectorise.
     */
    static void invertInPlace(double[][] a) {
        int n = a.length;
        double[] column = new double[n];
        for (int k = 0; k < n; k++) {
            double pivot = a[k][k];
            if (!(pivot > 0)) {
                throw new ArithmeticException("matrix is not positive definite (pivot " + pivot + " at " + k + ")");
            }
            for (int i = 0; i < n; i++) {
                column[i] = i == k ? 0 : i < k ? a[k][i] : a[i][k];
            }
            final int swept = k;
            IntStream.range(0, n).parallel().forEach(i -> {
                double factor = column[i] / pivot;
                if (i == swept || factor == 0) {
                    return;
                }
                double[] row = a[i];
                for (int j = 0; j <= i; j++) {
                    row[j] -= factor * column[j];
                }
            });
            for (int i = 0; i < n; i++) {
                if (i < k) {
                    a[k][i] = column[i] / pivot;
                } else if (i > k) {
                    a[i][k] = column[i] / pivot;
                }
            }
            a[k][k] = -1 / pivot;
        }
        // -A^-1 in the lower triangle: negate it, then mirror it (row by row, so no two threads share a cache line)
        IntStream.range(0, n).parallel().forEach(i -> {
            for (int j = 0; j <= i; j++) {
                a[i][j] = -a[i][j];
            }
        });
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                a[i][j] = a[j][i];
            }
        }
    }
}
