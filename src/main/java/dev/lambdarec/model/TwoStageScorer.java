package dev.lambdarec.model;

import dev.lambdarec.io.NpzFile;
import dev.lambdarec.io.NpzWriter;
import java.io.IOException;

/**
 * Retrieve, then re-rank: the retriever's best {@code candidates} unseen items for a user are scored by the
 * ranker, and each candidate gets (1 - blend) z(retriever score) + blend z(ranker score), z standardising a
 * stage's scores over the user's candidates (the two stages' scales are unrelated). Items outside the candidate
 * set all score one below the lowest candidate, so every list of up to {@code candidates} items comes from the
 * candidates, in blended order.
 */
public final class TwoStageScorer implements Scorer {
    public static final String FAMILY = "two-stage";

    private final Scorer retriever;
    private final Scorer ranker;
    private final int candidates;
    private final float blend;

    public TwoStageScorer(Scorer retriever, Scorer ranker, int candidates, float blend) {
        if (retriever.numItems() != ranker.numItems() || retriever.numUsers() != ranker.numUsers()) {
            throw new IllegalArgumentException("the two stages were trained on different catalogues");
        }
        this.retriever = retriever;
        this.ranker = ranker;
        this.candidates = candidates;
        this.blend = blend;
    }

    public Scorer retriever() {
        return retriever;
    }

    public Scorer ranker() {
        return ranker;
    }

    public float blend() {
        return blend;
    }

    @Override
    public int numUsers() {
        return retriever.numUsers();
    }

    @Override
    public int numItems() {
        return retriever.numItems();
    }

    @Override
    public UserItems seen() {
        return retriever.seen();
    }

    @Override
    public void scoreAll(int user, float[] out) {
        retriever.scoreAll(user, out);
        UserItems seen = seen();
        int[] chosen = TopK.select(out, candidates, seen.items(), seen.start(user), seen.end(user));
        float[] first = new float[chosen.length];
        float[] second = new float[chosen.length];
        for (int k = 0; k < chosen.length; k++) {
            first[k] = out[chosen[k]];
            second[k] = ranker.score(user, chosen[k]);
        }
        standardise(first);
        standardise(second);
        float lowest = Float.MAX_VALUE;
        for (int k = 0; k < chosen.length; k++) {
            first[k] = (1 - blend) * first[k] + blend * second[k];
            lowest = Math.min(lowest, first[k]);
        }
        java.util.Arrays.fill(out, chosen.length == 0 ? 0f : lowest - 1f);
        for (int k = 0; k < chosen.length; k++) {
            out[chosen[k]] = first[k];
        }
    }

    private static void standardise(float[] scores) {
        if (scores.length == 0) {
            return;
        }
        double mean = 0;
        for (float s : scores) {
            mean += s;
        }
        mean /= scores.length;
        double variance = 0;
        for (float s : scores) {
            variance += (s - mean) * (s - mean);
        }
        double std = Math.sqrt(variance / scores.length);
        double scale = std > 1e-12 ? 1 / std : 1;
        for (int k = 0; k < scores.length; k++) {
            scores[k] = (float) ((scores[k] - mean) * scale);
        }
    }

    /** A pair's entry of {@link #scoreAll} (the blend is relative to the user's candidates, so it needs them all). */
    @Override
    public float score(int user, int item) {
        float[] all = new float[numItems()];
        scoreAll(user, all);
        return all[item];
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public void writeTo(NpzWriter npz) throws IOException {
        npz.addText("retriever_family", retriever.family());
        npz.addText("ranker_family", ranker.family());
        npz.addInts("candidates", new int[] {candidates}, 1);
        npz.addFloats("blend", new float[] {blend}, new long[] {1});
        retriever.writeTo(npz.nested("retriever."));
        ranker.writeTo(npz.nested("ranker."));
        Scorers.writeSeen(npz, seen());
    }

    static TwoStageScorer read(NpzFile npz) {
        return new TwoStageScorer(Scorers.read(npz.text("retriever_family"), npz.nested("retriever.")),
                Scorers.read(npz.text("ranker_family"), npz.nested("ranker.")), npz.array("candidates").ints()[0],
                npz.array("blend").floats()[0]);
    }
}
