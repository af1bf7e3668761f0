package dev.lambdarec.train.neural;

import dev.lambdarec.model.Scorer;
import java.util.SplittableRandom;
import java.util.logging.Logger;

/**
 * The exported plain-Java scorer must give DJL's own forward pass: checked on random (user, item) pairs after
 * every training run, recorded in the model's metrics, and fatal beyond a tolerance (an export bug must not
 * reach serving).
 */
final class Parity {
    private static final Logger LOG = Logger.getLogger(Parity.class.getName());
    static final double TOLERANCE = 1e-4;
    private static final int PAIRS = 512;

    private Parity() {
    }

    static double check(Session session, Scorer scorer, int users, int items, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5EED);
        long[] u = new long[PAIRS];
        long[] i = new long[PAIRS];
        for (int n = 0; n < PAIRS; n++) {
            u[n] = random.nextInt(users);
            i[n] = random.nextInt(items);
        }
        float[] expected = session.forward(u, i);
        double worst = 0;
        for (int n = 0; n < PAIRS; n++) {
            worst = Math.max(worst, Math.abs(expected[n] - scorer.score((int) u[n], (int) i[n])));
        }
        LOG.info(String.format("parity of the exported scorer with DJL's forward pass on %d random pairs: max abs diff %.3g", PAIRS, worst));
        if (!(worst <= TOLERANCE)) {
            throw new IllegalStateException("exported scorer disagrees with the trained network by " + worst + " (> " + TOLERANCE + ")");
        }
        return worst;
    }
}
