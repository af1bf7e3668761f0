package dev.lambdarec.model;

import dev.lambdarec.io.NpzWriter;
import java.io.IOException;

/**
 * Two-tower: its user tower reads a user id the request's user does not have, so the user is placed from the item
 * side, at the normalised sum of the history's item vectors (the towers end in unit vectors; a known user's own
 * vector counts as many items as they trained with). The list is then the items whose tower output lies closest to
 * what the user just had: item-to-item retrieval in the model's space.
 */
public record ItemMeanFoldIn() implements FactorFoldIn {
    static final String KEY = "fold_in_item_mean";

    @Override
    public UserVector solve(FactorScorer model, History history, int knownUser) {
        int k = model.factors();
        float[] items = model.itemFactors();
        double[] sum = new double[k];
        for (int item : history.items()) {
            for (int f = 0; f < k; f++) {
                sum[f] += items[item * k + f];
            }
        }
        if (knownUser >= 0) {
            int trained = model.seen().end(knownUser) - model.seen().start(knownUser);
            for (int f = 0; f < k; f++) {
                sum[f] += trained * model.userFactor(knownUser, f);
            }
        }
        double norm = 0;
        for (double v : sum) {
            norm += v * v;
        }
        double scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        float[] factors = new float[k];
        for (int f = 0; f < k; f++) {
            factors[f] = (float) (sum[f] * scale);
        }
        return new UserVector(factors, 0f);
    }

    @Override
    public void writeTo(NpzWriter npz) throws IOException {
        npz.addDoubles(KEY, new double[] {1}, new long[] {1});
    }
}
