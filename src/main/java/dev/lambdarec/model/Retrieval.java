package dev.lambdarec.model;

import java.util.function.IntPredicate;

/**
 * Candidate generation for large catalogues (an {@link AnnIndex} over the model's item vectors): the items most
 * likely to score highest, which the caller re-scores exactly. Approximate: asking for more finds more of the true
 * best; {@code accept} rules items out during the search, so a restrictive filter still yields candidates.
 */
public interface Retrieval {
    /** Up to {@code candidates} accepted items by estimated score for the user, best first. */
    int[] forUser(int user, int candidates, IntPredicate accept);

    /** The same for a user vector in the index's space ({@link FoldedUser#retrievalQuery}), not a training user. */
    int[] forQuery(float[] query, int candidates, IntPredicate accept);

    /** Up to {@code candidates} accepted items by inner product with the item's vector, best first. */
    int[] forItem(int item, int candidates, IntPredicate accept);
}
