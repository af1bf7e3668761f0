package dev.lambdarec.model;

import dev.lambdarec.io.NpzWriter;
import java.io.IOException;

/** The same score vector for everyone: item popularity. */
public record PopularityScorer(float[] itemScores, UserItems seen) implements Scorer {
    public static final String FAMILY = "popularity";

    @Override
    public int numUsers() {
        return seen.numUsers();
    }

    @Override
    public int numItems() {
        return itemScores.length;
    }

    @Override
    public void scoreAll(int user, float[] out) {
        System.arraycopy(itemScores, 0, out, 0, itemScores.length);
    }

    @Override
    public float score(int user, int item) {
        return itemScores[item];
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public void writeTo(NpzWriter npz) throws IOException {
        npz.addFloats("item_scores", itemScores, new long[] {itemScores.length});
        Scorers.writeSeen(npz, seen);
    }
}
