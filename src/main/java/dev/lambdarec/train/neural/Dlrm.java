package dev.lambdarec.train.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.lambdarec.model.DlrmScorer;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.train.Algorithm;
import dev.lambdarec.train.Hyperparameters;
import dev.lambdarec.train.TrainedModel;
import dev.lambdarec.train.TrainingData;
import dev.lambdarec.train.TrainingLoop;
import java.util.List;
import java.util.Map;

/**
 * A DLRM-style ranker (Naumov et al. 2019): embeddings for the categorical features (user id, item id, the
 * user's demographics as a bag, the item's genres as a bag), a bottom MLP over the dense features (log activity
 * of the user, log popularity of the item, each scaled to [0, 1]), every pairwise dot product of the five
 * resulting vectors, and a top MLP over [bottom output, dots] to one logit; binary cross-entropy on positives and
 * sampled negatives. Meant as the second stage over a retriever's candidates ({@code two-stage}).
 */
public final class Dlrm implements Algorithm {

    @Override
    public String name() {
        return "dlrm";
    }

    @Override
    public TrainedModel fit(TrainingData data, Hyperparameters hp, TrainingLoop.Validation validation) {
        int dims = hp.integer("factors");
        int[] bottomHidden = hp.widths("bottom_layers");
        int[] topLayers = hp.widths("top_layers");
        float dropout = (float) hp.real("dropout");
        int negatives = hp.integer("negatives");
        Session.Settings settings = Layers.settings(hp);
        double initStd = hp.real("init_std");

        Bags userBags = Bags.of(data.side.users());
        Bags itemBags = Bags.of(data.side.items());
        float[] userDense = scaledLogCounts(data.trainUsers, data.numUsers);
        float[] itemDense = scaledLogCounts(data.trainItems, data.numItems);
        int[] bottom = java.util.Arrays.copyOf(bottomHidden, bottomHidden.length + 1);
        bottom[bottomHidden.length] = dims;
        int dots = DlrmScorer.PAIRS;
        Net net = new Net.Builder()
                .side("user", userBags, dims, initStd)
                .side("item", itemBags, dims, initStd)
                .constant("user_dense", userDense, data.numUsers, 1)
                .constant("item_dense", itemDense, data.numItems, 1)
                .mlp("bottom", 2, bottom)
                .mlp("top", dims + dots, topLayers)
                .dense("out", topLayers[topLayers.length - 1], 1)
                .build(settings.seed(), (v, in, training) -> {
                    NDArray users = in.get(0);
                    NDArray items = in.get(1);
                    NDArray dense = NDArrays.concat(new NDList(v.rows("user_dense", users), v.rows("item_dense", items)), 1);
                    NDArray b = v.mlp("bottom", bottom.length, dense, 0);
                    NDArray[] vectors = {b, v.rows("user", users), v.rows("item", items),
                        v.bag("user", users),
                        v.bag("item", items)};
                    NDList z = new NDList(b);
                    for (int a = 0; a < vectors.length; a++) {
                        for (int c = a + 1; c < vectors.length; c++) {
                            z.add(vectors[a].mul(vectors[c]).sum(new int[] {1}, true));
                        }
                    }
                    return v.dense("out", v.mlp("top", topLayers.length, NDArrays.concat(z, 1), dropout)).reshape(-1);
                });
        ClickSamples samples = new ClickSamples(data, negatives, settings.seed());
        try (Session session = new Session(name(), net, 2, settings)) {
            List<ModelCard.Epoch> curve = session.fit(name(), samples::epoch,
                    Session.Objective.binaryCrossEntropy(),
                    validation, () -> export(net, data, userBags, itemBags, userDense, itemDense, dims, bottom.length, topLayers.length));
            DlrmScorer scorer = export(net, data, userBags, itemBags, userDense, itemDense, dims, bottom.length, topLayers.length);
            double parity = Parity.check(session, scorer, data.numUsers, data.numItems, settings.seed());
            return new TrainedModel(scorer, curve, session.metrics(parity));
        }
    }

    private static DlrmScorer export(Net net, TrainingData data, Bags userBags, Bags itemBags, float[] userDense,
                                     float[] itemDense, int dims, int bottomLayers, int topLayers) {
        return new DlrmScorer(dims, net.sideVectors("user", userBags, dims),
                net.sideVectors("item", itemBags, dims),
                userDense, itemDense, Layers.mlp(net, "bottom", 0, bottomLayers), Layers.mlp(net, "top", 0, topLayers),
                net.floats("out.w"), net.floats("out.b")[0], data.train);
    }

    /** log(1 + count) / log(1 + max count): activity or popularity as a dense feature in [0, 1]. */
    static float[] scaledLogCounts(int[] ids, int size) {
        int[] counts = new int[size];
        int max = 1;
        for (int id : ids) {
            max = Math.max(max, ++counts[id]);
        }
        float[] out = new float[size];
        for (int n = 0; n < size; n++) {
            out[n] = (float) (Math.log1p(counts[n]) / Math.log1p(max));
        }
        return out;
    }
}
