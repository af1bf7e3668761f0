package dev.lambdarec.model;

/** A user solved from a request's history ({@link Scorer#foldIn}): scored like a training user of the model. */
public interface FoldedUser {
    /** Scores of every item, written into {@code out} (length numItems). */
    void scoreAll(float[] out);

    float score(int item);

    /** What is never recommended back: the history's items and, for a known user, their training items; sorted. */
    int[] excluded();

    /** The vector to search the model's index with, when the model has one and this user lives in its space; else null. */
    default float[] retrievalQuery() {
        return null;
    }
}
