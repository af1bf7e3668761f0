package dev.lambdarec.data;

/**
 * Optional filters after deduplication: a rating threshold that keeps only ratings >= threshold as implicit
 * positives, then minimum interactions per user and per item, iterated until both hold at once
 * (removing an item can push a user under the minimum and the other way round).
 */
public record InteractionFilter(Double ratingThreshold, int minUserInteractions, int minItemInteractions) {

    public static final InteractionFilter NONE = new InteractionFilter(null, 0, 0);

    public record Result(Interactions interactions, long belowThreshold, long removedByMinimums, int rounds) {
    }

    public InteractionFilter {
        if (minUserInteractions < 0 || minItemInteractions < 0) {
            throw new IllegalArgumentException("minimum interactions must be >= 0");
        }
    }

    public Result apply(Interactions input) {
        int n = input.size();
        boolean[] keep = new boolean[n];
        long belowThreshold = 0;
        for (int row = 0; row < n; row++) {
            keep[row] = ratingThreshold == null || input.rating(row) >= ratingThreshold;
            if (!keep[row]) {
                belowThreshold++;
            }
        }
        long removed = 0;
        int rounds = 0;
        if (minUserInteractions > 1 || minItemInteractions > 1) {
            int[] userCounts = new int[input.numUsers()];
            int[] itemCounts = new int[input.numItems()];
            for (int row = 0; row < n; row++) {
                if (keep[row]) {
                    userCounts[input.user(row)]++;
                    itemCounts[input.item(row)]++;
                }
            }
            boolean changed = true;
            while (changed) {
                changed = false;
                rounds++;
                for (int row = 0; row < n; row++) {
                    if (keep[row] && (userCounts[input.user(row)] < minUserInteractions
                            || itemCounts[input.item(row)] < minItemInteractions)) {
                        keep[row] = false;
                        userCounts[input.user(row)]--;
                        itemCounts[input.item(row)]--;
                        removed++;
                        changed = true;
                    }
                }
            }
        }
        Interactions output = belowThreshold + removed == 0 ? input : input.retain(keep);
        return new Result(output, belowThreshold, removed, rounds);
    }
}
