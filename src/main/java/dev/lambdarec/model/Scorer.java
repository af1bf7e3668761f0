package dev.lambdarec.model;

import dev.lambdarec.io.NpzWriter;
import java.io.IOException;

/**
 * Scores of a trained model, computed in plain Java from its exported weights (no DJL): what predict and
 * batch run, and what the trainer's own scores must equal.
 */
public interface Scorer {
    int numUsers();

    int numItems();

    /** Scores of every item for a user, written into {@code out} (length numItems). */
    void scoreAll(int user, float[] out);

    /**
     * Scores of every item for several users at once, {@code out[n]} for {@code users[n]}. Models whose scores
     * are products of factors override it to stream each item column once per block instead of once per user.
     */
    default void scoreBlock(int[] users, float[][] out) {
        for (int n = 0; n < users.length; n++) {
            scoreAll(users[n], out[n]);
        }
    }

    /** One (user, item) score. */
    float score(int user, int item);

    /** The items a user had in training (excluded from recommendations). */
    UserItems seen();

    /** Which family of weights this is ({@link Scorers#read} turns them back into a scorer). */
    String family();

    /** Writes the serving tensors (weights.npz). */
    void writeTo(NpzWriter npz) throws IOException;

    /**
     * How alike every item is to {@code item}, written into {@code out} (length numItems; out[item] is
     * meaningless, callers leave the item out): what each family means by it is in README's similar items. Item
     * vectors are compared by {@code metric}; families without vectors ignore it.
     */
    default void similarTo(int item, float[] out, Similarity metric) {
        throw new UnsupportedOperationException(family() + " models have no similar items");
    }

    /** One pair's {@link #similarTo} value (what candidates from {@link #retrieval} are re-scored with). */
    default float similarity(int item, int other, Similarity metric) {
        float[] all = new float[numItems()];
        similarTo(item, all, metric);
        return all[other];
    }

    /**
     * A user solved from {@code history} against the fixed item side, scored as the model scores a training user
     * (README's fold-in says what each family does); {@code knownUser} >= 0 merges what the model knows of them.
     *
     * @throws CannotFoldInException when the family cannot, or a history entry lacks what it needs (a rating)
     */
    default FoldedUser foldIn(History history, int knownUser) {
        throw new CannotFoldInException(family() + " models cannot fold in a history");
    }

    /** The model's approximate retrieval, when it was built with an index (large catalogues); null otherwise. */
    default Retrieval retrieval() {
        return null;
    }

    /** The k best unseen items for a user. */
    default int[] recommend(int user, int k, float[] scratch) {
        scoreAll(user, scratch);
        UserItems seen = seen();
        return TopK.select(scratch, k, seen.items(), seen.start(user), seen.end(user));
    }
}
