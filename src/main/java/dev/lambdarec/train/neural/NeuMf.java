package dev.lambdarec.train.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.PairMlpScorer;
import dev.lambdarec.train.Algorithm;
import dev.lambdarec.train.Hyperparameters;
import dev.lambdarec.train.TrainedModel;
import dev.lambdarec.train.TrainingData;
import dev.lambdarec.train.TrainingLoop;
import java.util.List;
import java.util.Map;

/**
 * Neural Collaborative Filtering (He et al. 2017), NeuMF: a GMF branch (user and item embeddings multiplied
 * element-wise) and an MLP branch (their own embeddings concatenated, through ReLU layers, default 64-32-16-8:
 * the first number is the concatenated input), joined by one sigmoid output unit; binary cross-entropy on the
 * training positives and sampled negatives. Exported as a {@link PairMlpScorer}: the GMF branch becomes the dot
 * part, the first MLP layer splits into a user and an item half.
 */
public final class NeuMf implements Algorithm {

    @Override
    public String name() {
        return "neumf";
    }

    @Override
    public TrainedModel fit(TrainingData data, Hyperparameters hp, TrainingLoop.Validation validation) {
        int factors = hp.integer("factors");
        int[] layers = hp.widths("layers");
        if (layers.length < 2 || layers[0] % 2 != 0) {
            throw new IllegalArgumentException("hyperparameter layers must start with an even input width and name at least one hidden layer, was " + hp.text("layers"));
        }
        float dropout = (float) hp.real("dropout");
        int negatives = hp.integer("negatives");
        Session.Settings settings = Layers.settings(hp);
        double initStd = hp.real("init_std");

        int half = layers[0] / 2;
        int[] hidden = java.util.Arrays.copyOfRange(layers, 1, layers.length);
        Net net = new Net.Builder()
                .embedding("gmf_user", data.numUsers, factors, initStd)
                .embedding("gmf_item", data.numItems, factors, initStd)
                .embedding("mlp_user", data.numUsers, half, initStd)
                .embedding("mlp_item", data.numItems, half, initStd)
                .mlp("mlp", layers[0], hidden)
                .dense("out", factors + hidden[hidden.length - 1], 1)
                .build(settings.seed(), (v, in, training) -> {
                    NDArray users = in.get(0);
                    NDArray items = in.get(1);
                    NDArray gmf = v.rows("gmf_user", users).mul(v.rows("gmf_item", items));
                    NDArray mlp = v.mlp("mlp", hidden.length,
                            NDArrays.concat(new NDList(v.rows("mlp_user", users), v.rows("mlp_item", items)), 1), dropout);
                    return v.dense("out", NDArrays.concat(new NDList(gmf, mlp), 1)).reshape(-1);
                });
        ClickSamples samples = new ClickSamples(data, negatives, settings.seed());
        try (Session session = new Session(name(), net, 2, settings)) {
            List<ModelCard.Epoch> curve = session.fit(name(), samples::epoch,
                    Session.Objective.binaryCrossEntropy(),
                    validation, () -> export(net, data, factors, half, hidden.length));
            PairMlpScorer scorer = export(net, data, factors, half, hidden.length);
            double parity = Parity.check(session, scorer, data.numUsers, data.numItems, settings.seed());
            return new TrainedModel(scorer, curve, session.metrics(parity));
        }
    }

    private static PairMlpScorer export(Net net, TrainingData data, int factors, int half, int hiddenLayers) {
        float[] out = net.floats("out.w"); // [1, factors + last hidden]
        float[] gmfUser = net.floats("gmf_user");
        for (int u = 0; u < data.numUsers; u++) {
            for (int f = 0; f < factors; f++) {
                gmfUser[u * factors + f] *= out[f];
            }
        }
        Layers.FirstLayer first = Layers.split(net, "mlp0", net.floats("mlp_user"), data.numUsers, net.floats("mlp_item"),
                data.numItems, half);
        float[] head = java.util.Arrays.copyOfRange(out, factors, out.length);
        return new PairMlpScorer(data.numUsers, data.numItems, net.floats("out.b")[0], null, null, gmfUser,
                net.floats("gmf_item"), factors, first.user(), first.item(), first.width(), Layers.mlp(net, "mlp", 1, hiddenLayers), head, data.train);
    }
}
