package dev.lambdarec.train.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;
import dev.lambdarec.model.FactorScorer;
import dev.lambdarec.model.ItemMeanFoldIn;
import dev.lambdarec.model.Mlp;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.train.Algorithm;
import dev.lambdarec.train.Hyperparameters;
import dev.lambdarec.train.TrainedModel;
import dev.lambdarec.train.TrainingData;
import dev.lambdarec.train.TrainingLoop;
import java.util.List;
import java.util.Map;

/**
 * Two-tower retrieval (Yi et al. 2019, "Sampling-bias-corrected neural modeling"): a user tower (user id
 * embedding plus the mean embedding of the user's side features) and an item tower (item id plus genres), each a
 * ReLU MLP ending in an L2-normalised vector; score = dot product. Trained with an in-batch sampled softmax over
 * the batch's items at temperature tau, each logit corrected by the log of the item's sampling probability (its
 * share of training interactions), so popular items are not punished for appearing as negatives more often.
 * Exports both towers evaluated for every user and item: retrieval is the plain {@link FactorScorer}.
 */
public final class TwoTower implements Algorithm {
    /** Added under the square root of the L2 norm: smooth at zero, where the clamped norm's gradient is not. */
    private static final float NORM_EPSILON = 1e-12f;

    @Override
    public String name() {
        return "two-tower";
    }

    @Override
    public TrainedModel fit(TrainingData data, Hyperparameters hp, TrainingLoop.Validation validation) {
        int factors = hp.integer("factors");
        int[] hidden = hp.widths("layers");
        double temperature = hp.real("temperature");
        boolean correction = hp.flag("logq_correction");
        boolean sideFeatures = hp.flag("side_features");
        Session.Settings settings = Layers.settings(hp);
        double initStd = hp.real("init_std");

        Bags userBags = Bags.of(sideFeatures ? data.side.users() : java.util.Collections.nCopies(data.numUsers, List.of()));
        Bags itemBags = Bags.of(sideFeatures ? data.side.items() : java.util.Collections.nCopies(data.numItems, List.of()));
        float[] logq = logSamplingProbability(data);
        Net.Builder builder = new Net.Builder()
                .side("user", userBags, factors, initStd)
                .side("item", itemBags, factors, initStd)
                .constant("logq", logq, data.numItems, 1)
                .mlp("user_tower", factors, hidden)
                .mlp("item_tower", factors, hidden)
                .dense("user_out", hidden[hidden.length - 1], factors)
                .dense("item_out", hidden[hidden.length - 1], factors);
        Net net = builder.build(settings.seed(), (v, in, training) -> {
            NDArray users = in.get(0);
            NDArray items = in.get(1);
            NDArray u = tower(v, "user", users, hidden.length);
            NDArray i = tower(v, "item", items, hidden.length);
            if (!training) {
                return u.mul(i).sum(new int[] {1});
            }
            NDArray logits = u.matMul(i.transpose()).div(temperature);
            if (correction) {
                logits = logits.sub(v.rows("logq", items).reshape(1, -1));
            }
            return logits;
        });
        try (Session session = new Session(name(), net, 2, settings)) {
            Session.Samples positives = Session.Samples.observed(data, null);
            Loss softmax = Loss.softmaxCrossEntropyLoss(); // sparse labels: row n's class is column n, its own item
            List<ModelCard.Epoch> curve = session.fit(name(), epoch -> positives, (logits, labels) -> {
                NDArray diagonal = logits.getManager().arange(0f, (float) logits.getShape().get(0), 1f);
                return softmax.evaluate(new NDList(diagonal), new NDList(logits));
            }, validation, () -> export(net, data, userBags, itemBags, factors, hidden.length));
            FactorScorer scorer = export(net, data, userBags, itemBags, factors, hidden.length);
            double parity = Parity.check(session, scorer, data.numUsers, data.numItems, settings.seed());
            return new TrainedModel(scorer, curve, session.metrics(parity));
        }
    }

    private static NDArray tower(Net.Values v, String side, NDArray ids, int layers) {
        NDArray x = v.rows(side, ids).add(v.bag(side, ids));
        for (int l = 0; l < layers; l++) {
            x = Activation.relu(v.dense(side + "_tower" + l, x));
        }
        NDArray out = v.dense(side + "_out", x);
        return out.div(out.square().sum(new int[] {1}, true).add(NORM_EPSILON).sqrt());
    }

    private static FactorScorer export(Net net, TrainingData data, Bags userBags, Bags itemBags, int factors, int layers) {
        float[] users = tower(net, "user", userBags, data.numUsers, factors, layers);
        float[] items = tower(net, "item", itemBags, data.numItems, factors, layers);
        return new FactorScorer(users, items, factors, null, null, 0f, data.train).withFoldIn(new ItemMeanFoldIn());
    }

    /** log of each item's share of the training interactions (items never seen get the smallest share). */
    private static float[] logSamplingProbability(TrainingData data) {
        double[] counts = new double[data.numItems];
        for (int item : data.trainItems) {
            counts[item]++;
        }
        float[] out = new float[data.numItems];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.log(Math.max(counts[i], 1) / Math.max(1, data.trainItems.length));
        }
        return out;
    }

    /** One tower in plain Java, from the trained weights (what the parity check holds to DJL's forward pass). */
    private static float[] tower(Net net, String side, Bags bags, int rows, int factors, int layers) {
        float[] inputs = bags.embed(net.floats(side + "_features"), factors);
        float[] ids = net.floats(side);
        for (int n = 0; n < inputs.length; n++) {
            inputs[n] += ids[n];
        }
        Mlp hidden = Layers.mlp(net, side + "_tower", 0, layers);
        float[][] scratch = hidden.scratch();
        float[] w = net.floats(side + "_out.w");
        float[] b = net.floats(side + "_out.b");
        float[] out = new float[rows * factors];
        float[] x = new float[factors];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(inputs, r * factors, x, 0, factors);
            float[] h = hidden.apply(x, scratch);
            double norm = 0;
            for (int o = 0; o < factors; o++) {
                float sum = b[o];
                for (int k = 0; k < h.length; k++) {
                    sum += w[o * h.length + k] * h[k];
                }
                out[r * factors + o] = sum;
                norm += (double) sum * sum;
            }
            float scale = (float) (1 / Math.sqrt(norm + NORM_EPSILON));
            for (int o = 0; o < factors; o++) {
                out[r * factors + o] *= scale;
            }
        }
        return out;
    }
}
