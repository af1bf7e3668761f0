package dev.lambdarec.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rating-prediction metrics: RMSE, MAE, R^2 = 1 - SS_res/SS_tot, and explained variance
 * = 1 - Var(y - y_hat)/Var(y) (population variances, as scikit-learn and Microsoft Recommenders compute them).
 */
public final class RatingMetrics {
    private RatingMetrics() {
    }

    public static Map<String, Double> of(float[] actual, float[] predicted) {
        int n = actual.length;
        if (n == 0 || predicted.length != n) {
            throw new IllegalArgumentException("need equal, non-empty actual and predicted arrays");
        }
        double mean = 0;
        double residualMean = 0;
        for (int k = 0; k < n; k++) {
            mean += actual[k];
            residualMean += actual[k] - predicted[k];
        }
        mean /= n;
        residualMean /= n;
        double squared = 0;
        double absolute = 0;
        double total = 0;
        double residualVariance = 0;
        for (int k = 0; k < n; k++) {
            double error = actual[k] - predicted[k];
            squared += error * error;
            absolute += Math.abs(error);
            total += (actual[k] - mean) * (actual[k] - mean);
            residualVariance += (error - residualMean) * (error - residualMean);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("rmse", Math.sqrt(squared / n));
        out.put("mae", absolute / n);
        out.put("r2", total == 0 ? 0 : 1 - squared / total);
        out.put("explained_variance", total == 0 ? 0 : 1 - residualVariance / total);
        return out;
    }
}
