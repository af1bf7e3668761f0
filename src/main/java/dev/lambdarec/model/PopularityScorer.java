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

    /** Its one list for everyone, the history (and a known user's training items) left out: the baseline's own rule. */
    @Override
    public FoldedUser foldIn(History history, int knownUser) {
        int[] excluded = (knownUser >= 0 ? history.withTrainingItems(seen, knownUser) : history).sortedItems();
        return new FoldedUser() {
            @Override
            public void scoreAll(float[] out) {
                System.arraycopy(itemScores, 0, out, 0, itemScores.length);
            }

            @Override
            public float score(int item) {
                return itemScores[item];
            }

            @Override
            public int[] excluded() {
                return excluded;
            }
        };
    }

    /** Co-occurrence counts in the training interactions: a popularity model has no item vectors. */
    @Override
    public void similarTo(int item, float[] out, Similarity metric) {
        CO_OCCURRENCE.computeIfAbsent(seen, s -> new CoOccurrence(s, itemScores.length)).similarTo(item, out);
    }

    /** Records hold no lazy state; one index per interaction set, dropped with it. */
    private static final java.util.Map<UserItems, CoOccurrence> CO_OCCURRENCE =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

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
