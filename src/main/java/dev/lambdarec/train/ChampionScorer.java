package dev.lambdarec.train;

import dev.lambdarec.io.NpzWriter;
import dev.lambdarec.model.FoldedUser;
import dev.lambdarec.model.History;
import dev.lambdarec.model.Scorer;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.model.UserItems;
import java.util.Arrays;

/**
 * The current model seen through a new dataset's indices, so the evaluator scores it on the new test split exactly
 * as it scores the challenger: users and items are matched by external id; a user it does not know gets its
 * popular list (what serving answers them); an item it does not know it cannot recommend (NaN: never ranked) and,
 * in a sampled comparison, scores below every item it knows. The items excluded from a user's list are the new
 * dataset's training items, the same ones excluded from the challenger's.
 */
final class ChampionScorer implements Scorer {
    private final Scorer champion;
    private final float[] popularity;
    private final int[] userMap; // new user -> champion user, or -1
    private final int[] itemMap; // new item -> champion item, or -1
    private final UserItems seen;
    private final ThreadLocal<float[]> buffer;
    private final float unknownRating; // NaN: a ranking comparison

    ChampionScorer(ServingModel champion, String[] userIds, String[] itemIds, UserItems seen) {
        this.champion = champion.scorer();
        this.popularity = champion.popularity();
        this.userMap = map(userIds, champion::userIndex);
        this.itemMap = map(itemIds, champion::itemIndex);
        this.seen = seen;
        this.buffer = ThreadLocal.withInitial(() -> new float[this.champion.numItems()]);
        this.unknownRating = Float.NaN;
    }

    private static int[] map(String[] ids, java.util.function.ToIntFunction<String> index) {
        return Arrays.stream(ids).mapToInt(index).toArray();
    }

    int knownUsers() {
        return (int) Arrays.stream(userMap).filter(u -> u >= 0).count();
    }

    int knownItems() {
        return (int) Arrays.stream(itemMap).filter(i -> i >= 0).count();
    }

    /**
     * This view for a rating comparison: a pair with a user or an item the champion does not know is predicted
     * {@code rating} (the new training mean: what a model that knows nothing of them can say).
     */
    ChampionScorer predictingForUnknown(float rating) {
        return new ChampionScorer(this, rating);
    }

    private ChampionScorer(ChampionScorer view, float unknownRating) {
        this.champion = view.champion;
        this.popularity = view.popularity;
        this.userMap = view.userMap;
        this.itemMap = view.itemMap;
        this.seen = view.seen;
        this.buffer = view.buffer;
        this.unknownRating = unknownRating;
    }

    @Override
    public int numUsers() {
        return userMap.length;
    }

    @Override
    public int numItems() {
        return itemMap.length;
    }

    @Override
    public void scoreAll(int user, float[] out) {
        int known = userMap[user];
        float[] scores = popularity;
        if (known >= 0) {
            scores = buffer.get();
            champion.scoreAll(known, scores);
        }
        project(scores, out);
    }

    private void project(float[] championScores, float[] out) {
        for (int item = 0; item < itemMap.length; item++) {
            out[item] = itemMap[item] >= 0 ? championScores[itemMap[item]] : Float.NaN;
        }
    }

    @Override
    public float score(int user, int item) {
        int known = itemMap[item];
        if (!Float.isNaN(unknownRating) && (known < 0 || userMap[user] < 0)) {
            return unknownRating;
        }
        if (known < 0) {
            return Float.NEGATIVE_INFINITY;
        }
        return userMap[user] >= 0 ? champion.score(userMap[user], known) : popularity[known];
    }

    @Override
    public UserItems seen() {
        return seen;
    }

    @Override
    public String family() {
        return champion.family();
    }

    @Override
    public void writeTo(NpzWriter npz) {
        throw new UnsupportedOperationException("a champion seen through another dataset is measured, never saved");
    }

    /** The history's known items folded into the champion; no known item at all: its popular list. */
    @Override
    public FoldedUser foldIn(History history, int knownUser) {
        int[] items = new int[history.size()];
        float[] values = new float[history.size()];
        int count = 0;
        for (int n = 0; n < history.size(); n++) {
            if (itemMap[history.items()[n]] >= 0) {
                items[count] = itemMap[history.items()[n]];
                values[count++] = history.values()[n];
            }
        }
        int[] excluded = history.sortedItems();
        FoldedUser folded = count == 0 ? null
                : champion.foldIn(new History(Arrays.copyOf(items, count), Arrays.copyOf(values, count)), -1);
        return new FoldedUser() {
            @Override
            public void scoreAll(float[] out) {
                float[] scores = popularity;
                if (folded != null) {
                    scores = buffer.get();
                    folded.scoreAll(scores);
                }
                project(scores, out);
            }

            @Override
            public float score(int item) {
                int known = itemMap[item];
                return known < 0 ? Float.NEGATIVE_INFINITY : folded != null ? folded.score(known) : popularity[known];
            }

            @Override
            public int[] excluded() {
                return excluded;
            }
        };
    }
}
