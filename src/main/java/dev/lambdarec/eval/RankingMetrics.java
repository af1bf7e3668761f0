package dev.lambdarec.eval;

/**
 * Ranking metrics of one user's top-k list with binary relevance, as Microsoft Recommenders defines them
 * ({@code recommenders/evaluation/python_evaluation.py}); an evaluation averages them over users with at
 * least one relevant (test) item. With R relevant items and hits at 0-based ranks r:
 * <ul>
 *   <li>precision@k = hits / k; recall@k = hits / R; hit rate@k = 1 if any hit</li>
 *   <li>nDCG@k = sum 1/log2(r+2) over hits, divided by the same sum over ranks 0..min(R,k)-1</li>
 *   <li>MAP ("map"): sum of precision at each hit rank, (hits so far)/(r+1), divided by R;
 *       map@k ("map_at_k"): the same sum divided by min(k, R)</li>
 *   <li>MRR@k = 1/(r+1) of the first hit, 0 without one</li>
 * </ul>
 */
public final class RankingMetrics {
    private RankingMetrics() {
    }

    /** Metric values of one list, for every cut-off 1..hits.length. */
    public record AtEveryK(double[] precision, double[] recall, double[] ndcg, double[] map, double[] mapAtK,
                           double[] hitRate, double[] mrr) {
    }

    /** @param hits hits[r] is true when the item at rank r is relevant; @param relevant R, >= 1 */
    public static AtEveryK of(boolean[] hits, int relevant) {
        int n = hits.length;
        double[] precision = new double[n];
        double[] recall = new double[n];
        double[] ndcg = new double[n];
        double[] map = new double[n];
        double[] mapAtK = new double[n];
        double[] hitRate = new double[n];
        double[] mrr = new double[n];
        int hitCount = 0;
        double dcg = 0;
        double idcg = 0;
        double precisionSum = 0;
        double firstHit = 0;
        for (int r = 0; r < n; r++) {
            int k = r + 1;
            double discount = 1 / log2(r + 2);
            if (r < relevant) {
                idcg += discount;
            }
            if (hits[r]) {
                hitCount++;
                dcg += discount;
                precisionSum += (double) hitCount / k;
                if (firstHit == 0) {
                    firstHit = 1.0 / k;
                }
            }
            precision[r] = (double) hitCount / k;
            recall[r] = (double) hitCount / relevant;
            ndcg[r] = dcg / idcg;
            map[r] = precisionSum / relevant;
            mapAtK[r] = precisionSum / Math.min(k, relevant);
            hitRate[r] = hitCount > 0 ? 1 : 0;
            mrr[r] = firstHit;
        }
        return new AtEveryK(precision, recall, ndcg, map, mapAtK, hitRate, mrr);
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
