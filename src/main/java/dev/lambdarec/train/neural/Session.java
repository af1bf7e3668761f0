package dev.lambdarec.train.neural;

import dev.lambdarec.common.Shuffle;
import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.Scorer;
import dev.lambdarec.train.TrainingLoop;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One DJL training run on the PyTorch engine: the model on the GPU when the engine sees one, else the CPU;
 * Adam; mini-batches cut straight from primitive columns (no object per sample), reshuffled every epoch from the
 * seed. Stays open after {@link #fit} so the caller can export the weights and check them against the forward pass.
 */
final class Session implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Session.class.getName());

    /** One epoch's training examples: id columns (int64 inputs) and a label per example (or none). */
    record Samples(long[][] columns, float[] labels) {
        /** The training interactions as (user, item) examples with the given labels (or none). */
        static Samples observed(dev.lambdarec.train.TrainingData data, float[] labels) {
            long[] users = new long[data.trainUsers.length];
            long[] items = new long[users.length];
            for (int n = 0; n < users.length; n++) {
                users[n] = data.trainUsers[n];
                items[n] = data.trainItems[n];
            }
            return new Samples(new long[][] {users, items}, labels);
        }

        int size() {
            return columns[0].length;
        }
    }

    /** The training loss of a batch from the block's output and the labels (null when the samples have none). */
    interface Objective {
        NDArray loss(NDArray output, NDArray labels);

        /** Click objectives: the output is a logit, the label 1 or 0. */
        static Objective binaryCrossEntropy() {
            Loss bce = Loss.sigmoidBinaryCrossEntropyLoss();
            return (logits, labels) -> bce.evaluate(new NDList(labels), new NDList(logits));
        }
    }

    record Settings(int epochs, int batchSize, float learningRate, float weightDecay, long seed) {
    }

    private final Model model;
    private final Trainer trainer;
    private final Settings settings;
    private final List<ai.djl.nn.Parameter> trainable = new java.util.ArrayList<>();
    private long samplesSeen;
    private double secondsTraining;
    private long steps;
    private long skippedSteps;

    Session(String name, Net net, int inputColumns, Settings settings) {
        Engine engine = PyTorch.engine();
        engine.setRandomSeed((int) settings.seed()); // dropout masks
        Device device = engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        this.settings = settings;
        this.model = Model.newInstance(name, device);
        model.setBlock(net);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()) // unused: each model brings its objective
                .optDevices(new Device[] {device})
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(settings.learningRate()))
                        .optWeightDecays(settings.weightDecay()).build());
        this.trainer = model.newTrainer(config);
        Shape[] shapes = new Shape[inputColumns];
        java.util.Arrays.fill(shapes, new Shape(settings.batchSize()));
        trainer.initialize(shapes);
        net.getParameters().values().forEach(p -> {
            if (p.requiresGradient()) {
                trainable.add(p);
            }
        });
        LOG.info(String.format("%s on %s (%s engine %s)", name, device, engine.getEngineName(), engine.getVersion()));
    }

    List<ModelCard.Epoch> fit(String algorithm, IntFunction<Samples> epochSamples, Objective objective,
                              TrainingLoop.Validation validation, Supplier<Scorer> snapshot) {
        long[] perEpoch = {0};
        return TrainingLoop.run(algorithm, settings.epochs(), validation, new TrainingLoop.Steps() {
            @Override
            public double epoch(int epoch) {
                Samples samples = epochSamples.apply(epoch);
                perEpoch[0] = samples.size();
                long started = System.nanoTime();
                double loss = runEpoch(samples, objective, new SplittableRandom(settings.seed() * 1_000_003L + epoch));
                secondsTraining += (System.nanoTime() - started) / 1e9;
                samplesSeen += samples.size();
                return loss;
            }

            @Override
            public Scorer snapshot() {
                return snapshot.get();
            }

            @Override
            public long samplesPerEpoch() {
                return perEpoch[0];
            }
        });
    }

    private double runEpoch(Samples samples, Objective objective, SplittableRandom random) {
        int n = samples.size();
        int[] order = Shuffle.permutation(n, random);
        int batch = settings.batchSize();
        int columns = samples.columns().length;
        long[][] ids = new long[columns][batch];
        float[] labels = new float[batch];
        double lossSum = 0;
        long counted = n;
        for (int from = 0; from < n; from += batch) {
            int size = Math.min(batch, n - from);
            for (int k = 0; k < size; k++) {
                int row = order[from + k];
                for (int c = 0; c < columns; c++) {
                    ids[c][k] = samples.columns()[c][row];
                }
                if (samples.labels() != null) {
                    labels[k] = samples.labels()[row];
                }
            }
            try (NDManager manager = trainer.getManager().newSubManager()) {
                NDList inputs = new NDList(columns);
                for (int c = 0; c < columns; c++) {
                    inputs.add(manager.create(LongBuffer.wrap(ids[c], 0, size), new Shape(size), DataType.INT64));
                }
                NDArray y = samples.labels() == null ? null : manager.create(FloatBuffer.wrap(labels, 0, size), new Shape(size));
                steps++;
                float loss = Float.NaN;
                boolean finite = false;
                for (int attempt = 1; attempt <= 2 && !finite; attempt++) {
                    if (attempt > 1) {
                        clearGradients();
                    }
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray batchLoss = objective.loss(trainer.forward(inputs).head(), y);
                        collector.backward(batchLoss);
                        loss = batchLoss.getFloat();
                    }
                    finite = Float.isFinite(loss) && gradientsFinite();
                    if (!finite) {
                        LOG.warning(String.format("non-finite %s at the batch from sample %d (attempt %d)",
                                Float.isFinite(loss) ? "gradient" : "loss " + loss, from, attempt));
                    }
                }
                if (finite) {
                    lossSum += loss * size;
                    trainer.step();
                } else {
                    skip(from);
                    counted -= size;
                }
            }
        }
        return lossSum / Math.max(1, counted);
    }

    /**
     * PyTorch's CPU backward occasionally hands back a non-finite gradient for a batch whose loss is finite (seen
     * with two-tower: in one training in four to twenty-five on the test data, at a random step, never reproducibly;
     * recomputing the same batch gives a finite gradient). One such step would turn every weight into NaN, so a
     * batch is recomputed once, and skipped if it is still non-finite (as mixed-precision training skips
     * overflowing steps); more than one skipped step in a thousand is reported as a divergence.
     */
    private boolean gradientsFinite() {
        for (ai.djl.nn.Parameter parameter : trainable) {
            try (NDArray gradient = parameter.getArray().getGradient(); NDArray sum = gradient.sum()) {
                if (!Float.isFinite(sum.getFloat())) {
                    return false;
                }
            }
        }
        return true;
    }

    private void skip(int from) {
        skippedSteps++;
        LOG.warning(String.format("batch from sample %d skipped (%d of %d steps so far)", from, skippedSteps, steps));
        if (skippedSteps > Math.max(3, steps / 1000)) {
            throw new IllegalStateException("training diverged: " + skippedSteps + " of " + steps
                    + " steps had a non-finite loss or gradient (lower the learning rate)");
        }
        clearGradients();
    }

    private void clearGradients() {
        for (ai.djl.nn.Parameter parameter : trainable) {
            try (NDArray gradient = parameter.getArray().getGradient()) {
                // an in-place fill: NaN - NaN (DJL's own zeroing) stays NaN, and set(Buffer) would swap in JVM memory
                gradient.set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
            }
        }
    }

    /** Training throughput over the whole fit (optimizer steps only: no sampling, validation or export). */
    double samplesPerSecond() {
        return samplesSeen / Math.max(1e-9, secondsTraining);
    }

    /** What every neural model reports beside its ranking metrics. */
    Map<String, Double> metrics(double parity) {
        return Map.of("parity_max_abs_diff", parity, "samples_per_second", samplesPerSecond(),
                "skipped_steps", (double) skippedSteps);
    }

    /** The block's output for given id columns, in inference mode (what the exported scorer must reproduce). */
    float[] forward(long[]... columns) {
        try (NDManager manager = trainer.getManager().newSubManager()) {
            NDList inputs = new NDList(columns.length);
            for (long[] column : columns) {
                inputs.add(manager.create(column));
            }
            return trainer.evaluate(inputs).head().toFloatArray();
        }
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
