package dev.lambdarec.train.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.lambdarec.model.Mlp;
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
 * Wide &amp; Deep (Cheng et al. 2016). Wide: a linear model over the user id, the item id, the user's features
 * (gender, age decade, occupation), the item's genres, and every user-feature x genre cross. Deep: user and item
 * id embeddings with their feature bags' mean embeddings, through a ReLU MLP to one output. The two are summed:
 * a logit trained by binary cross-entropy on positives and sampled negatives ({@code objective=click}, for
 * ranking) or a rating trained by squared error ({@code objective=rating}). Exported as a {@link PairMlpScorer}:
 * the crosses become its dot part (the user's row of the cross matrix against the item's genre vector).
 */
public final class WideDeep implements Algorithm {

    @Override
    public String name() {
        return "wide-deep";
    }

    @Override
    public TrainedModel fit(TrainingData data, Hyperparameters hp, TrainingLoop.Validation validation) {
        boolean rating = hp.choice("objective").equals("rating");
        if (rating) {
            data.requireRatings(name() + " with objective=rating");
        }
        int dims = hp.integer("factors");
        int[] layers = hp.widths("layers");
        float dropout = (float) hp.real("dropout");
        int negatives = hp.integer("negatives");
        Session.Settings settings = Layers.settings(hp);
        double initStd = hp.real("init_std");

        Bags userBags = Bags.of(data.side.users());
        Bags itemBags = Bags.of(data.side.items());
        float mean = rating ? meanRating(data) : 0f;
        Net net = new Net.Builder()
                .embedding("wide_user", data.numUsers, 1, 0)
                .embedding("wide_item", data.numItems, 1, 0)
                .embedding("wide_user_features", userBags.width(), 1, 0)
                .embedding("wide_item_features", itemBags.width(), 1, 0)
                .embedding("cross", userBags.width(), itemBags.width(), 0)
                .side("user", userBags, dims, initStd)
                .side("item", itemBags, dims, initStd)
                .constant("user_binary", userBags.binary(), data.numUsers, userBags.width())
                .constant("item_binary", itemBags.binary(), data.numItems, itemBags.width())
                .mlp("deep", 4L * dims, layers)
                .dense("head", layers[layers.length - 1], 1)
                .build(settings.seed(), (v, in, training) -> {
                    NDArray users = in.get(0);
                    NDArray items = in.get(1);
                    NDArray xu = v.rows("user_binary", users);
                    NDArray xi = v.rows("item_binary", items);
                    NDArray wide = v.rows("wide_user", users).add(v.rows("wide_item", items))
                            .add(xu.matMul(v.get("wide_user_features"))).add(xi.matMul(v.get("wide_item_features")))
                            .reshape(-1)
                            .add(xu.matMul(v.get("cross")).mul(xi).sum(new int[] {1}));
                    NDArray deepIn = NDArrays.concat(new NDList(v.rows("user", users),
                            v.bag("user", users), v.rows("item", items),
                            v.bag("item", items)), 1);
                    NDArray deep = v.dense("head", v.mlp("deep", layers.length, deepIn, dropout)).reshape(-1);
                    return wide.add(deep).add(mean);
                });
        Session.Objective objective = rating
                ? (output, labels) -> output.sub(labels).square().mean()
                : Session.Objective.binaryCrossEntropy();
        ClickSamples clicks = new ClickSamples(data, negatives, settings.seed());
        Session.Samples ratings = rating ? Session.Samples.observed(data, data.trainRatings) : null;
        try (Session session = new Session(name(), net, 2, settings)) {
            List<ModelCard.Epoch> curve = session.fit(name(), rating ? epoch -> ratings : clicks::epoch, objective,
                    validation, () -> export(net, data, userBags, itemBags, dims, layers.length, mean));
            PairMlpScorer scorer = export(net, data, userBags, itemBags, dims, layers.length, mean);
            double parity = Parity.check(session, scorer, data.numUsers, data.numItems, settings.seed());
            return new TrainedModel(scorer, curve, session.metrics(parity));
        }
    }

    private static PairMlpScorer export(Net net, TrainingData data, Bags userBags, Bags itemBags, int dims, int layers, float mean) {
        int fu = userBags.width();
        int fi = itemBags.width();
        float[] userBias = net.floats("wide_user");
        float[] itemBias = net.floats("wide_item");
        float[] wideUserFeatures = net.floats("wide_user_features");
        float[] wideItemFeatures = net.floats("wide_item_features");
        float[] cross = net.floats("cross"); // [fu, fi]
        float[] userDot = new float[data.numUsers * fi];
        for (int u = 0; u < data.numUsers; u++) {
            for (int f = 0; f < fu; f++) {
                float x = userBags.binary()[u * fu + f];
                if (x != 0f) {
                    userBias[u] += x * wideUserFeatures[f];
                    for (int g = 0; g < fi; g++) {
                        userDot[u * fi + g] += x * cross[f * fi + g];
                    }
                }
            }
        }
        for (int i = 0; i < data.numItems; i++) {
            for (int g = 0; g < fi; g++) {
                itemBias[i] += itemBags.binary()[i * fi + g] * wideItemFeatures[g];
            }
        }
        Layers.FirstLayer first = Layers.split(net, "deep0",
                net.sideVectors("user", userBags, dims), data.numUsers, net.sideVectors("item", itemBags, dims), data.numItems, 2 * dims);
        Mlp rest = Layers.mlp(net, "deep", 1, layers);
        return new PairMlpScorer(data.numUsers, data.numItems, net.floats("head.b")[0] + mean, userBias, itemBias, userDot,
                itemBags.binary().clone(), fi, first.user(), first.item(), first.width(), rest, net.floats("head.w"), data.train);
    }

    private static float meanRating(TrainingData data) {
        double sum = 0;
        for (float r : data.trainRatings) {
            sum += r;
        }
        return (float) (sum / Math.max(1, data.trainRatings.length));
    }
}
