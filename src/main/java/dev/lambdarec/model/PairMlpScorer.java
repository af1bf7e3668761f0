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
    private final Mlp rest;
    private final float[] head;
    private final UserItems seen;
    private volatile ItemVectors itemVectors;

    /**
     * @param rest the ReLU layers after the first (may be none)
     * @param head weights of the output unit over the last hidden layer
     */
    public PairMlpScorer(int numUsers, int numItems, float global, float[] userBias, float[] itemBias,
                         float[] userDot, float[] itemDot, int dotWidth, float[] userHidden, float[] itemHidden,
                         int firstWidth, Mlp rest, float[] head, UserItems seen) {
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
        this.rest = rest;
        this.head = head;
        this.seen = seen;
        if ((rest.layers() > 0 && rest.inputWidth(0) != firstWidth)
                || head.length != (rest.layers() == 0 ? firstWidth : rest.outputWidth()) || userHidden.length != (long) numUsers * firstWidth
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
        float[] first = new float[firstWidth];
        float[][] scratch = rest.scratch();
        for (int i = 0; i < numItems; i++) {
            out[i] = score(user, i, first, scratch);
        }
    }

    @Override
    public float score(int user, int item) {
        return score(user, item, new float[firstWidth], rest.scratch());
    }

    private float score(int user, int item, float[] x, float[][] scratch) {
        float s = global + (userBias == null ? 0 : userBias[user]) + (itemBias == null ? 0 : itemBias[item]);
        for (int f = 0, u = user * dotWidth, v = item * dotWidth; f < dotWidth; f++) {
            s += userDot[u + f] * itemDot[v + f];
        }
        for (int f = 0, u = user * firstWidth, v = item * firstWidth; f < firstWidth; f++) {
            x[f] = Math.max(0f, userHidden[u + f] + itemHidden[v + f]);
        }
        float[] last = rest.apply(x, scratch);
        for (int k = 0; k < last.length; k++) {
            s += head[k] * last[k];
        }
        return s;
    }

    /** The item's embeddings: its dot part and its half of the first layer, side by side. */
    @Override
    public void similarTo(int item, float[] out, Similarity metric) {
        ItemVectors vectors = itemVectors;
        if (vectors == null) {
            vectors = ItemVectors.concatenated(itemDot, dotWidth, itemHidden, firstWidth);
            itemVectors = vectors;
        }
        vectors.similarTo(item, out, metric);
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
        rest.writeTo(npz, "layer");
        npz.addFloats("head", head, new long[] {head.length});
        Scorers.writeSeen(npz, seen);
    }

    static PairMlpScorer read(NpzFile npz, UserItems seen) {
        NpzFile.Array userDot = npz.array("user_dot");
        NpzFile.Array userHidden = npz.array("user_hidden");
        return new PairMlpScorer((int) userDot.shape()[0], (int) npz.array("item_dot").shape()[0],
                npz.array("global_bias").floats()[0], npz.has("user_bias") ? npz.array("user_bias").floats() : null,
                npz.has("item_bias") ? npz.array("item_bias").floats() : null, userDot.floats(), npz.array("item_dot").floats(),
                (int) userDot.shape()[1], userHidden.floats(), npz.array("item_hidden").floats(), (int) userHidden.shape()[1],
                Mlp.read(npz, "layer"), npz.array("head").floats(), seen);
    }
}
