package dev.lambdarec.model;

import dev.lambdarec.io.NpzFile;
import dev.lambdarec.io.NpzWriter;
import java.io.IOException;

/**
 * Neural pair models whose first layer sees the user's and the item's inputs side by side (NeuMF, Wide &amp;
 * Deep): score(u, i) = global + b_u + b_i + a_u . c_i + head . MLP(relu(p_u + q_i)). The first layer's product
 * with the concatenated input splits into a user half p_u and an item half q_i (bias folded into q_i), computed
 * once per user and item at export, so a pair costs one add plus the remaining small layers; a_u . c_i carries
 * the dot-product parts (NeuMF's GMF branch with its output weights folded into a_u, Wide &amp; Deep's crosses).
 */
public final class PairMlpScorer implements Scorer {
    public static final String FAMILY = "pair-mlp";

    private final int numUsers;
    private final int numItems;
    private final float global;
    private final float[] userBias;
    private final float[] itemBias;
    private final float[] userDot;
    private final float[] itemDot;
    private final int dotWidth;
    private final float[] userHidden;
    private final float[] itemHidden;
    private final int firstWidth;
    private final float[][] weights;
    private final float[][] biases;
    private final int[] widths;
    private final float[] head;
    private final UserItems seen;

    /**
     * @param weights layers after the first, each [out, in] row-major with its bias; widths follow from them
     * @param head    weights of the output unit over the last hidden layer
     */
    public PairMlpScorer(int numUsers, int numItems, float global, float[] userBias, float[] itemBias,
                         float[] userDot, float[] itemDot, int dotWidth, float[] userHidden, float[] itemHidden,
                         int firstWidth, float[][] weights, float[][] biases, float[] head, UserItems seen) {
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.global = global;
        this.userBias = userBias;
        this.itemBias = itemBias;
        this.userDot = userDot;
        this.itemDot = itemDot;
        this.dotWidth = dotWidth;
        this.userHidden = userHidden;
        this.itemHidden = itemHidden;
        this.firstWidth = firstWidth;
        this.weights = weights;
        this.biases = biases;
        this.head = head;
        this.seen = seen;
        this.widths = new int[weights.length + 1];
        widths[0] = firstWidth;
        for (int l = 0; l < weights.length; l++) {
            widths[l + 1] = biases[l].length;
            if (weights[l].length != widths[l + 1] * widths[l]) {
                throw new IllegalArgumentException("layer " + (l + 1) + " has " + weights[l].length + " weights, expected "
                        + widths[l + 1] + " x " + widths[l]);
            }
        }
        if (head.length != widths[weights.length] || userHidden.length != (long) numUsers * firstWidth
                || itemHidden.length != (long) numItems * firstWidth || userDot.length != (long) numUsers * dotWidth
                || itemDot.length != (long) numItems * dotWidth) {
            throw new IllegalArgumentException("pair-mlp tensors do not fit together");
        }
    }

    @Override
    public int numUsers() {
        return numUsers;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    @Override
    public UserItems seen() {
        return seen;
    }

    @Override
    public void scoreAll(int user, float[] out) {
        float[][] scratch = scratch();
        for (int i = 0; i < numItems; i++) {
            out[i] = score(user, i, scratch);
        }
    }

    @Override
    public float score(int user, int item) {
        return score(user, item, scratch());
    }

    private float[][] scratch() {
        float[][] scratch = new float[widths.length][];
        for (int l = 0; l < widths.length; l++) {
            scratch[l] = new float[widths[l]];
        }
        return scratch;
    }

    private float score(int user, int item, float[][] h) {
        float s = global + (userBias == null ? 0 : userBias[user]) + (itemBias == null ? 0 : itemBias[item]);
        for (int f = 0, u = user * dotWidth, v = item * dotWidth; f < dotWidth; f++) {
            s += userDot[u + f] * itemDot[v + f];
        }
        float[] x = h[0];
        for (int f = 0, u = user * firstWidth, v = item * firstWidth; f < firstWidth; f++) {
            x[f] = Math.max(0f, userHidden[u + f] + itemHidden[v + f]);
        }
        for (int l = 0; l < weights.length; l++) {
            float[] in = h[l];
            float[] out = h[l + 1];
            float[] w = weights[l];
            int width = in.length;
            for (int o = 0; o < out.length; o++) {
                float sum = biases[l][o];
                for (int k = 0, row = o * width; k < width; k++) {
                    sum += w[row + k] * in[k];
                }
                out[o] = Math.max(0f, sum);
            }
        }
        float[] last = h[weights.length];
        for (int k = 0; k < last.length; k++) {
            s += head[k] * last[k];
        }
        return s;
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public void writeTo(NpzWriter npz) throws IOException {
        npz.addFloats("global_bias", new float[] {global}, new long[] {1});
        if (userBias != null) {
            npz.addFloats("user_bias", userBias, new long[] {numUsers});
        }
        if (itemBias != null) {
            npz.addFloats("item_bias", itemBias, new long[] {numItems});
        }
        npz.addFloats("user_dot", userDot, new long[] {numUsers, dotWidth});
        npz.addFloats("item_dot", itemDot, new long[] {numItems, dotWidth});
        npz.addFloats("user_hidden", userHidden, new long[] {numUsers, firstWidth});
        npz.addFloats("item_hidden", itemHidden, new long[] {numItems, firstWidth});
        for (int l = 0; l < weights.length; l++) {
            npz.addFloats("layer" + (l + 1) + "_w", weights[l], new long[] {widths[l + 1], widths[l]});
            npz.addFloats("layer" + (l + 1) + "_b", biases[l], new long[] {widths[l + 1]});
        }
        npz.addFloats("head", head, new long[] {head.length});
        Scorers.writeSeen(npz, seen);
    }

    static PairMlpScorer read(NpzFile npz, UserItems seen) {
        NpzFile.Array userDot = npz.array("user_dot");
        NpzFile.Array userHidden = npz.array("user_hidden");
        int layers = 0;
        while (npz.has("layer" + (layers + 1) + "_w")) {
            layers++;
        }
        float[][] weights = new float[layers][];
        float[][] biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            weights[l] = npz.array("layer" + (l + 1) + "_w").floats();
            biases[l] = npz.array("layer" + (l + 1) + "_b").floats();
        }
        return new PairMlpScorer((int) userDot.shape()[0], (int) npz.array("item_dot").shape()[0],
                npz.array("global_bias").floats()[0], npz.has("user_bias") ? npz.array("user_bias").floats() : null,
                npz.has("item_bias") ? npz.array("item_bias").floats() : null, userDot.floats(), npz.array("item_dot").floats(),
                (int) userDot.shape()[1], userHidden.floats(), npz.array("item_hidden").floats(), (int) userHidden.shape()[1],
                weights, biases, npz.array("head").floats(), seen);
    }
}
