package dev.lambdarec.model;

import dev.lambdarec.io.NpzWriter;
import java.io.IOException;

/** Item-to-item models (EASE): score(u, i) = sum over the user's training items j of W[j, i]. */
public record ItemItemScorer(float[] weights, int numItems, UserItems seen) implements Scorer {
    public static final String FAMILY = "item_item";

    public ItemItemScorer {
        if (weights.length != (long) numItems * numItems) {
            throw new IllegalArgumentException("item weights must be " + numItems + " x " + numItems);
        }
    }

    @Override
    public int numUsers() {
        return seen.numUsers();
    }

    @Override
    public void scoreAll(int user, float[] out) {
        java.util.Arrays.fill(out, 0, numItems, 0f);
        int[] items = seen.items();
        for (int k = seen.start(user); k < seen.end(user); k++) {
            int row = items[k] * numItems;
            for (int i = 0; i < numItems; i++) {
                out[i] += weights[row + i];
            }
        }
    }

    @Override
    public float score(int user, int item) {
        float sum = 0;
        int[] items = seen.items();
        for (int k = seen.start(user); k < seen.end(user); k++) {
            sum += weights[items[k] * numItems + item];
        }
        return sum;
    }

    /**
     * x B for the history's binary row x (a known user's training items added): exactly how a training user is
     * scored, since the session term, where the model has one, is already inside B.
     */
    @Override
    public FoldedUser foldIn(History history, int knownUser) {
        int[] rows = (knownUser >= 0 ? history.withTrainingItems(seen, knownUser) : history).sortedItems();
        return new FoldedUser() {
            @Override
            public void scoreAll(float[] out) {
                java.util.Arrays.fill(out, 0, numItems, 0f);
                for (int j : rows) {
                    int row = j * numItems;
                    for (int i = 0; i < numItems; i++) {
                        out[i] += weights[row + i];
                    }
                }
            }

            @Override
            public float score(int item) {
                float sum = 0;
                for (int j : rows) {
                    sum += weights[j * numItems + item];
                }
                return sum;
            }

            @Override
            public int[] excluded() {
                return rows;
            }
        };
    }

    /** The item's column of B: out[x] = W[x, item], how strongly having x predicts the item (EASE's conditioning on the rest). */
    @Override
    public void similarTo(int item, float[] out, Similarity metric) {
        for (int x = 0; x < numItems; x++) {
            out[x] = weights[x * numItems + item];
        }
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public void writeTo(NpzWriter npz) throws IOException {
        npz.addFloats("item_weights", weights, new long[] {numItems, numItems});
        Scorers.writeSeen(npz, seen);
    }
}
