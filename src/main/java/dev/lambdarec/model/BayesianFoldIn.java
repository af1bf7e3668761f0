package dev.lambdarec.model;

import dev.lambdarec.io.NpzFile;
import dev.lambdarec.io.NpzWriter;
import java.io.IOException;

/**
 * Bayesian MF (Gibbs sampling): for each kept sample s, the user's conditional posterior given that sample's item
 * vectors and user prior (mean mu_s, precision Lambda_s) and the noise precision alpha: precision Lambda_s + alpha
 * sum v v', mean its inverse times (Lambda_s mu_s + alpha sum (r - mean) v), the mean of the very draw the sampler
 * makes. The model's vectors are the samples side by side, each scaled by 1/sqrt(S), and so is the folded user.
 * A known user's ratings are not kept: their sample vector replaces mu_s as the prior's centre.
 */
public record BayesianFoldIn(double alpha, int k, double[] priorMeans, double[] priorPrecisions) implements FactorFoldIn {
    static final String KEY = "fold_in_bayesian";

    public BayesianFoldIn {
        if (priorMeans.length % k != 0 || priorPrecisions.length != priorMeans.length * k) {
            throw new CorruptModelException("bayesian fold-in: " + priorMeans.length + " prior means and " + priorPrecisions.length
                    + " precision entries for " + k + " factors");
        }
    }

    public int samples() {
        return priorMeans.length / k;
    }

    /**
     * The conditional posterior of one row over {@code fixed} rows (row-major, k columns): writes its precision
     * into {@code precision} (k x k) and its information vector into {@code information} (k).
     */
    public static void posterior(double[] priorPrecision, int precisionOffset, double[] priorMean, int meanOffset, double alpha,
                                 int[] columns, float[] values, int from, int to, double[] fixed, int k,
                                 double[] precision, double[] information) {
        System.arraycopy(priorPrecision, precisionOffset, precision, 0, k * k);
        for (int i = 0; i < k; i++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += priorPrecision[precisionOffset + i * k + j] * priorMean[meanOffset + j];
            }
            information[i] = s;
        }
        for (int n = from; n < to; n++) {
            int base = columns[n] * k;
            double rating = values[n];
            for (int i = 0; i < k; i++) {
                double fi = fixed[base + i];
                information[i] += alpha * rating * fi;
                for (int j = 0; j <= i; j++) {
                    precision[i * k + j] += alpha * fi * fixed[base + j];
                }
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                precision[i * k + j] = precision[j * k + i];
            }
        }
    }

    @Override
    public UserVector solve(FactorScorer model, History history, int knownUser) {
        int samples = samples();
        int width = model.factors();
        double unscale = Math.sqrt(samples);
        int n = history.size();
        int[] rows = new int[n];
        float[] centred = new float[n];
        for (int h = 0; h < n; h++) {
            if (Float.isNaN(history.values()[h])) {
                throw new CannotFoldInException("a rating model folds in ratings: history entry " + h + " has no value");
            }
            rows[h] = h;
            centred[h] = history.values()[h] - model.itemBase(history.items()[h]);
        }
        float[] out = new float[width];
        double[] fixed = new double[n * k];
        double[] precision = new double[k * k];
        double[] information = new double[k];
        double[] centre = new double[k];
        for (int s = 0; s < samples; s++) {
            for (int h = 0; h < n; h++) {
                for (int f = 0; f < k; f++) {
                    fixed[h * k + f] = model.itemFactors()[history.items()[h] * width + s * k + f] * unscale;
                }
            }
            double[] means = priorMeans;
            int meanOffset = s * k;
            if (knownUser >= 0) {
                for (int f = 0; f < k; f++) {
                    centre[f] = model.userFactor(knownUser, s * k + f) * unscale;
                }
                means = centre;
                meanOffset = 0;
            }
            posterior(priorPrecisions, s * k * k, means, meanOffset, alpha, rows, centred, 0, n, fixed, k, precision, information);
            double[] mean = Cholesky.solveCholesky(Cholesky.cholesky(precision, k), information, k);
            for (int f = 0; f < k; f++) {
                out[s * k + f] = (float) (mean[f] / unscale);
            }
        }
        return new UserVector(out, 0f);
    }

    @Override
    public void writeTo(NpzWriter npz) throws IOException {
        npz.addDoubles(KEY, new double[] {alpha, k, samples()}, new long[] {3});
        npz.addDoubles(KEY + "_means", priorMeans, new long[] {samples(), k});
        npz.addDoubles(KEY + "_precisions", priorPrecisions, new long[] {samples(), k, k});
    }

    static BayesianFoldIn read(NpzFile npz) {
        double[] c = FactorFoldIn.constants(npz, KEY, 3);
        int k = (int) c[1];
        if (k < 1 || c[2] < 1 || k != c[1]) {
            throw new CorruptModelException(KEY + " names " + c[1] + " factors and " + c[2] + " samples");
        }
        return new BayesianFoldIn(c[0], k, npz.array(KEY + "_means").doubles(), npz.array(KEY + "_precisions").doubles());
    }
}
