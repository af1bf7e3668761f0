package dev.lambdarec.train;

import dev.lambdarec.io.NpzWriter;
import dev.lambdarec.model.AnnIndex;
import dev.lambdarec.model.FactorScorer;
import dev.lambdarec.model.Scorer;
import dev.lambdarec.model.TopK;
import dev.lambdarec.model.UserItems;
import dev.lambdarec.store.StoreLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Logger;

/**
 * The trainer's ANN step: a factor model over a large enough catalogue ({@code ann_min_items}) gets an HNSW index
 * over its retrieval vectors, written as ann.npz beside the weights, with the recall@10 it reaches on a sample of
 * users (index candidates re-scored exactly, as serving does, against the exact scan) recorded in the metrics.
 */
final class AnnBuild {
    private static final Logger LOG = Logger.getLogger(AnnBuild.class.getName());
    /** Users the recall is measured on. */
    static final int RECALL_USERS = 500;
    /** What serving first asks of the index (the recommendation service's minimum). */
    static final int CANDIDATES = 100;

    private AnnBuild() {
    }

    static boolean maybeBuild(Hyperparameters hp, Scorer scorer, TrainingData data, Path out, Map<String, Double> metrics,
                              Map<String, Double> timings) throws IOException {
        int minItems = hp.integer("ann_min_items");
        int connections = hp.integer("ann_max_connections");
        int beamWidth = hp.integer("ann_beam_width");
        if (minItems < 0 || scorer.numItems() < minItems || !(scorer instanceof FactorScorer factors)) {
            return false;
        }
        long started = System.nanoTime();
        AnnIndex index = AnnIndex.build(factors.retrievalVectors(), factors.retrievalDimension(),
                new AnnIndex.Parameters(connections, beamWidth, hp.seed()));
        double buildSeconds = (System.nanoTime() - started) / 1e9;
        try (NpzWriter npz = new NpzWriter(out.resolve(StoreLayout.ANN_INDEX))) {
            index.writeTo(npz);
        }
        double recall = recall(factors.withIndex(index), hp.seed());
        metrics.put("ann_recall@10", recall);
        metrics.put("ann_graph_mb", index.graphBytes() / 1e6);
        timings.put("ann_build", buildSeconds);
        LOG.info(String.format("ann index over %,d items x %d dims (M=%d, beamWidth=%d): built in %.1f s, graph %.1f MB, "
                        + "recall@10 %.4f with %d candidates re-scored, on %d users", scorer.numItems(), factors.retrievalDimension(),
                connections, beamWidth, buildSeconds, index.graphBytes() / 1e6, recall, CANDIDATES, Math.min(RECALL_USERS, scorer.numUsers())));
        return true;
    }

    /** Share of each sampled user's exact top 10 (seen items excluded) that the index path also returns. */
    static double recall(FactorScorer indexed, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        UserItems seen = indexed.seen();
        float[] scores = new float[indexed.numItems()];
        long found = 0;
        long expected = 0;
        for (int n = 0; n < Math.min(RECALL_USERS, indexed.numUsers()); n++) {
            int user = random.nextInt(indexed.numUsers());
            int[] exact = indexed.recommend(user, 10, scores);
            int[] candidates = indexed.retrieval().forUser(user, CANDIDATES,
                    item -> Arrays.binarySearch(seen.items(), seen.start(user), seen.end(user), item) < 0);
            float[] rescored = new float[candidates.length];
            for (int c = 0; c < candidates.length; c++) {
                rescored[c] = indexed.score(user, candidates[c]);
            }
            int[] best = TopK.select(rescored, exact.length);
            for (int e : exact) {
                for (int b : best) {
                    if (candidates[b] == e) {
                        found++;
                        break;
                    }
                }
            }
            expected += exact.length;
        }
        return expected == 0 ? 1.0 : (double) found / expected;
    }
}
