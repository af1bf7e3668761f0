package dev.lambdarec.model;

import dev.lambdarec.io.NpzFile;
import dev.lambdarec.io.NpzWriter;
import java.io.IOException;

/**
 * Biased MF trained by SGD: the user's factors p and bias b that minimise the objective SGD descends with the item
 * side fixed, sum over the history's ratings of (r - mu - b_i - b - p.q_i)^2 + n (reg |p|^2 + biasReg b^2) (each
 * of a user's n ratings applies the L2 step once per epoch), a (k + 1)-dimensional ridge regression. A known user's
 * ratings are not kept in the model; their vector enters as the centre of the penalty, weighted by their n training
 * ratings, so a few fresh ratings move a long history a little and a short one a lot.
 */
public record RatingsFoldIn(double regularization, double biasRegularization) implements FactorFoldIn {
    static final String KEY = "fold_in_ratings";

    @Override
    public UserVector solve(FactorScorer model, History history, int knownUser) {
        int k = model.factors();
        int width = k + 1; // the factors, then the bias
        float[] items = model.itemFactors();
        double[] a = new double[width * width];
        double[] b = new double[width];
        double[] x = new double[width];
        for (int n = 0; n < history.size(); n++) {
            if (Float.isNaN(history.values()[n])) {
                throw new CannotFoldInException("a rating model folds in ratings: history entry " + n + " has no value");
            }
            int item = history.items()[n];
            double target = history.values()[n] - model.itemBase(item);
            for (int f = 0; f < k; f++) {
                x[f] = items[item * k + f];
            }
            x[k] = 1;
            for (int i = 0; i < width; i++) {
                b[i] += target * x[i];
                for (int j = 0; j < width; j++) {
                    a[i * width + j] += x[i] * x[j];
                }
            }
        }
        int trained = knownUser >= 0 ? model.seen().end(knownUser) - model.seen().start(knownUser) : 0;
        int weight = history.size() + trained;
        for (int i = 0; i < width; i++) {
            double penalty = weight * (i < k ? regularization : biasRegularization);
            a[i * width + i] += penalty;
            if (knownUser >= 0) {
                double centre = i < k ? model.userFactor(knownUser, i) : model.userBias(knownUser);
                b[i] += trained * (i < k ? regularization : biasRegularization) * centre;
            }
        }
        double[] solution = Cholesky.solveCholesky(Cholesky.cholesky(a, width), b, width);
        float[] factors = new float[k];
        for (int f = 0; f < k; f++) {
            factors[f] = (float) solution[f];
        }
        return new UserVector(factors, (float) solution[k]);
    }

    @Override
    public void writeTo(NpzWriter npz) throws IOException {
        npz.addDoubles(KEY, new double[] {regularization, biasRegularization}, new long[] {2});
    }

    static RatingsFoldIn read(NpzFile npz) {
        double[] c = FactorFoldIn.constants(npz, KEY, 2);
        return new RatingsFoldIn(c[0], c[1]);
    }
}
