package dev.lambdarec.train;

import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.Scorer;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The epoch loop every iterative algorithm shares: it runs the algorithm's epoch step, stops on a loss that
 * is not finite, logs loss, time per epoch, elapsed and ETA, and validates every N epochs when asked.
 */
public final class TrainingLoop {
    private static final Logger LOG = Logger.getLogger(TrainingLoop.class.getName());

    /** A held-out metric of a scorer snapshot (nDCG@10 on the test split in the trainer). */
    public interface Validation {
        Validation NONE = new Validation() {
            @Override
            public String metric() {
                return "none";
            }

            @Override
            public double evaluate(Scorer scorer) {
                return Double.NaN;
            }

            @Override
            public int every() {
                return 0;
            }
        };

        String metric();

        double evaluate(Scorer scorer);

        /** Validate every this many epochs (0: never); the last epoch is always validated when > 0. */
        int every();
    }

    /** The algorithm's part: one epoch (returns its training loss) and a scorer of the current state. */
    public interface Steps {
        double epoch(int epoch);

        Scorer snapshot();

        /** Training examples one epoch processes, for the samples/s in the log (0: not reported). */
        default long samplesPerEpoch() {
            return 0;
        }
    }

    private TrainingLoop() {
    }

    public static List<ModelCard.Epoch> run(String algorithm, int epochs, Validation validation, Steps steps) {
        List<ModelCard.Epoch> curve = new ArrayList<>();
        long started = System.nanoTime();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long epochStarted = System.nanoTime();
            double loss = steps.epoch(epoch);
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException(algorithm + " diverged: loss " + loss + " at epoch " + epoch
                        + " (lower the learning rate or raise regularisation)");
            }
            double epochSeconds = (System.nanoTime() - epochStarted) / 1e9;
            double elapsed = (System.nanoTime() - started) / 1e9;
            Double metric = null;
            if (validation.every() > 0 && (epoch % validation.every() == 0 || epoch == epochs)) {
                double value = validation.evaluate(steps.snapshot());
                metric = Double.isNaN(value) ? null : value; // NaN: this snapshot cannot be measured
            }
            curve.add(new ModelCard.Epoch(epoch, loss, elapsed, metric));
            long samples = steps.samplesPerEpoch();
            LOG.info(String.format("%s epoch %d/%d: loss %.6g, %.2f s/epoch%s, elapsed %.1f s, ETA %.1f s%s", algorithm,
                    epoch, epochs, loss, epochSeconds, samples > 0 ? String.format(", %,.0f samples/s", samples / epochSeconds) : "",
                    elapsed, elapsed / epoch * (epochs - epoch),
                    metric == null ? "" : String.format(", %s %.4f", validation.metric(), metric)));
        }
        return curve;
    }
}
