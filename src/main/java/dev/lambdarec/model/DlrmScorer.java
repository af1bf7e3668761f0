package dev.lambdarec.model;

import dev.lambdarec.io.NpzFile;
import dev.lambdarec.io.NpzWriter;
import java.io.IOException;

/**
 * DLRM (Naumov et al. 2019) in plain Java: a bottom MLP over the pair's dense features (scaled log activity of
 * the user and popularity of the item), embedding vectors for the user id, the item id and each side's feature
 * bag, every pairwise dot product between those five vectors, and a top MLP over [bottom output, dots] ending in
 * one logit. Per-user and per-item vectors (the bags already averaged) are stored as tables, so a pair costs two
 * small MLPs and ten dots: cheap enough to re-rank a few hundred candidates per request.
 */
public final class DlrmScorer implements Scorer {
    public static final String FAMILY = "dlrm";
    /** Vectors per pair: bottom output, user id, item id, user features, item features. */
    static final int VECTORS = 5;
    /** Their pairwise dot products, the top MLP's inputs after the bottom output. */
    public static final int PAIRS = VECTORS * (VECTORS - 1) / 2;

    private final int numUsers;
    private final int numItems;
    private final int dims;
    private final float[] userVectors;
    private final float[] itemVectors;
    private final float[] userDense;
    private final float[] itemDense;
    private final Mlp bottom;
    private final Mlp top;
    private final float[] out;
    private final float outBias;
    private final UserItems seen;
    private volatile ItemVectors vectors;

    /**
     * @param userVectors [users, 2 * dims]: id embedding, then the mean embedding of the user's features
     * @param itemVectors [items, 2 * dims]: id embedding, then the mean embedding of the item's features
     */
    public DlrmScorer(int dims, float[] userVectors, float[] itemVectors, float[] userDense, float[] itemDense, Mlp bottom,
                      Mlp top, float[] out, float outBias, UserItems seen) {
        this.dims = dims;
        this.numUsers = userDense.length;
        this.numItems = itemDense.length;
        this.userVectors = userVectors;
        this.itemVectors = itemVectors;
        this.userDense = userDense;
        this.itemDense = itemDense;
        this.bottom = bottom;
        this.top = top;
        this.out = out;
        this.outBias = outBias;
        this.seen = seen;
        if (userVectors.length != 2L * dims * numUsers || itemVectors.length != 2L * dims * numItems
                || bottom.outputWidth() != dims || top.inputWidth(0) != dims + PAIRS
                || out.length != top.outputWidth()) {
            throw new IllegalArgumentException("dlrm tensors do not fit together");
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
    public void scoreAll(int user, float[] scores) {
        Scratch scratch = new Scratch();
        for (int i = 0; i < numItems; i++) {
            scores[i] = score(user, i, scratch);
        }
    }

    @Override
    public float score(int user, int item) {
        return score(user, item, new Scratch());
    }

    private final class Scratch {
        final float[] dense = new float[2];
        final float[][] bottomScratch = bottom.scratch();
        final float[][] topScratch = top.scratch();
        final float[] z = new float[dims + PAIRS];
    }

    private float score(int user, int item, Scratch s) {
        s.dense[0] = userDense[user];
        s.dense[1] = itemDense[item];
        float[] b = bottom.apply(s.dense, s.bottomScratch);
        System.arraycopy(b, 0, s.z, 0, dims);
        int u = user * 2 * dims;
        int v = item * 2 * dims;
        // the five vectors, in the trainer's order: bottom, user id, item id, user features, item features
        float[][] arrays = {b, userVectors, itemVectors, userVectors, itemVectors};
        int[] offsets = {0, u, v, u + dims, v + dims};
        int at = dims;
        for (int a = 0; a < VECTORS; a++) {
            for (int c = a + 1; c < VECTORS; c++) {
                float dot = 0;
                float[] x = arrays[a];
                float[] y = arrays[c];
                for (int f = 0, ox = offsets[a], oy = offsets[c]; f < dims; f++) {
                    dot += x[ox + f] * y[oy + f];
                }
                s.z[at++] = dot;
            }
        }
        float[] h = top.apply(s.z, s.topScratch);
        float logit = outBias;
        for (int k = 0; k < h.length; k++) {
            logit += out[k] * h[k];
        }
        return logit;
    }

    /** The item's id embedding and the mean embedding of its features. */
    @Override
    public void similarTo(int item, float[] out, Similarity metric) {
        ItemVectors table = vectors;
        if (table == null) {
            table = new ItemVectors(itemVectors, 2 * dims);
            vectors = table;
        }
        table.similarTo(item, out, metric);
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public void writeTo(NpzWriter npz) throws IOException {
        npz.addFloats("user_vectors", userVectors, new long[] {numUsers, 2L * dims});
        npz.addFloats("item_vectors", itemVectors, new long[] {numItems, 2L * dims});
        npz.addFloats("user_dense", userDense, new long[] {numUsers});
        npz.addFloats("item_dense", itemDense, new long[] {numItems});
        bottom.writeTo(npz, "bottom");
        top.writeTo(npz, "top");
        npz.addFloats("out_w", out, new long[] {out.length});
        npz.addFloats("out_b", new float[] {outBias}, new long[] {1});
        Scorers.writeSeen(npz, seen);
    }

    static DlrmScorer read(NpzFile npz, UserItems seen) {
        return new DlrmScorer((int) npz.array("user_vectors").shape()[1] / 2, npz.array("user_vectors").floats(),
                npz.array("item_vectors").floats(), npz.array("user_dense").floats(), npz.array("item_dense").floats(),
                Mlp.read(npz, "bottom"), Mlp.read(npz, "top"), npz.array("out_w").floats(), npz.array("out_b").floats()[0], seen);
    }
}
