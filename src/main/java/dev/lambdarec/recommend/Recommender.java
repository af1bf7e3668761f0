package dev.lambdarec.recommend;

import dev.lambdarec.model.FoldedUser;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.model.Retrieval;
import dev.lambdarec.model.Similarity;
import java.util.function.IntPredicate;
import dev.lambdarec.model.TopK;
import dev.lambdarec.model.UserItems;
import java.util.function.Consumer;

/**
 * The one place a ranked list is made: the model's scores, the user's seen items left out, the standing filter
 * (operator-wide, e.g. withdrawn items) and the request's filter applied, and the popular list, under the same
 * filters, for a user the model does not know. predict, batch and the recommendations function all ask here.
 */
public final class Recommender {
    private final ItemFilter standing;
    /** The standing filter resolved for the last model seen (models change rarely; resolving costs a pass). */
    private volatile Resolved resolved;

    private record Resolved(ServingModel model, boolean[] banned) {
    }

    public Recommender(ItemFilter standing) {
        this.standing = standing;
    }

    public static Recommender unfiltered() {
        return new Recommender(ItemFilter.NONE);
    }

    /** Top-k for one user; a user the model does not know gets the popular list, flagged. */
    public Recommendation recommend(ServingModel model, String userId, int k, ItemFilter filter) {
        int user = model.userIndex(userId);
        if (user < 0) {
            return popular(model, userId, k, filter);
        }
        Retrieval retrieval = model.scorer().retrieval();
        if (retrieval != null) {
            return retrieved(model, Recommendation.USER, userId, k, allowed(banned(model, filter), Skip.seen(model, user), -1),
                    (n, accept) -> retrieval.forUser(user, n, accept), item -> model.scorer().score(user, item));
        }
        float[] scores = new float[model.numItems()];
        model.scorer().scoreAll(user, scores);
        return select(model, Recommendation.USER, userId, user, scores, k, banned(model, filter), null);
    }

    /**
     * Top-k for a user solved from a request's history (fold-in): scored as the model scores a training user, the
     * history and a known user's training items left out, under the standing and the request's filters.
     */
    public Recommendation recommendFolded(ServingModel model, String userId, FoldedUser user, int k, ItemFilter filter) {
        Skip skip = new Skip(user.excluded(), 0, user.excluded().length);
        Retrieval retrieval = model.scorer().retrieval();
        float[] query = user.retrievalQuery();
        if (retrieval != null && query != null) {
            return retrieved(model, Recommendation.USER, userId, k, allowed(banned(model, filter), skip, -1),
                    (n, accept) -> retrieval.forQuery(query, n, accept), user::score);
        }
        float[] scores = new float[model.numItems()];
        user.scoreAll(scores);
        return select(model, Recommendation.USER, userId, skip, scores, k, banned(model, filter), null);
    }

    /** Items a list leaves out beside the filters: a sorted range of item indices (a user's seen items). */
    private record Skip(int[] items, int from, int to) {
        static final Skip NONE = new Skip(new int[0], 0, 0);

        static Skip seen(ServingModel model, int user) {
            if (user < 0) {
                return NONE;
            }
            UserItems seen = model.scorer().seen();
            return new Skip(seen.items(), seen.start(user), seen.end(user));
        }

        boolean contains(int item) {
            return java.util.Arrays.binarySearch(items, from, to, item) >= 0;
        }
    }

    /** Candidates asked of an index at first: k is small next to them, so most filters leave k. */
    static final int MIN_CANDIDATES = 100;

    /** One index search: at most n candidates, only items {@code accept} allows. */
    private interface Search {
        int[] run(int n, IntPredicate accept);
    }

    /** What an index may return for a list: not banned, not skipped, not {@code self}. */
    private static IntPredicate allowed(boolean[] banned, Skip skip, int self) {
        return item -> item != self && (banned == null || !banned[item]) && !skip.contains(item);
    }

    /**
     * The index path: candidates from the index under the filters, re-scored exactly, the best k kept; when fewer
     * than k survive the filters, the search widens (x4) until k do or the whole catalogue was asked for.
     */
    private static Recommendation retrieved(ServingModel model, String about, String id, int k, IntPredicate accept, Search search,
                                            java.util.function.IntToDoubleFunction exact) {
        for (int n = Math.max(MIN_CANDIDATES, 4 * k); ; n *= 4) {
            int asked = Math.min(n, model.numItems());
            int[] candidates = search.run(asked, accept);
            if (candidates.length >= k || asked >= model.numItems()) {
                float[] scores = new float[candidates.length];
                for (int c = 0; c < candidates.length; c++) {
                    scores[c] = (float) exact.applyAsDouble(candidates[c]);
                }
                int[] best = TopK.select(scores, k);
                int[] items = new int[best.length];
                float[] top = new float[best.length];
                for (int r = 0; r < best.length; r++) {
                    items[r] = candidates[best[r]];
                    top[r] = scores[best[r]];
                }
                return new Recommendation(about, id, items, top, null);
            }
        }
    }

    /**
     * The popular list (training interactions per item) under the filters; a user the model knows still never
     * gets what they have seen.
     */
    public Recommendation popular(ServingModel model, String userId, int k, ItemFilter filter) {
        float[] scores = model.popularity().clone();
        return select(model, Recommendation.USER, userId, model.userIndex(userId), scores, k, banned(model, filter), Recommendation.POPULAR);
    }

    /**
     * Top-k for a block of users the model knows, under the standing filter only: the batch path, which scores
     * users together ({@link dev.lambdarec.model.Scorer#scoreBlock}) into the caller's scratch rows.
     */
    public void recommendKnown(ServingModel model, int[] users, int k, float[][] scratch, Consumer<Recommendation> out) {
        if (model.scorer().retrieval() != null) {
            for (int user : users) {
                out.accept(recommend(model, model.userId(user), k, ItemFilter.NONE));
            }
            return;
        }
        model.scorer().scoreBlock(users, scratch);
        boolean[] banned = banned(model, ItemFilter.NONE);
        for (int g = 0; g < users.length; g++) {
            out.accept(select(model, Recommendation.USER, model.userId(users[g]), users[g], scratch[g], k, banned, null));
        }
    }

    /**
     * The k items most like {@code item} (the model family's similarity, {@link dev.lambdarec.model.Scorer#similarTo}),
     * never the item itself, under the standing and the request's filters; a {@code userId} the model knows also
     * leaves out what that user saw.
     */
    public Recommendation similar(ServingModel model, int item, String userId, int k, ItemFilter filter, Similarity metric) {
        Retrieval retrieval = model.scorer().retrieval();
        if (retrieval != null) {
            int user = userId == null ? -1 : model.userIndex(userId);
            return retrieved(model, Recommendation.ITEM, model.itemId(item), k, allowed(banned(model, filter), Skip.seen(model, user), item),
                    (n, accept) -> retrieval.forItem(item, n, accept), other -> model.scorer().similarity(item, other, metric));
        }
        float[] scores = new float[model.numItems()];
        model.scorer().similarTo(item, scores, metric);
        scores[item] = Float.NaN; // TopK skips NaN
        int user = userId == null ? -1 : model.userIndex(userId);
        return select(model, Recommendation.ITEM, model.itemId(item), user, scores, k, banned(model, filter), null);
    }

    /**
     * Similar items for a block of items under the standing filter only: the batch path ({@code scratch} one row
     * per worker, reused).
     */
    public void similarKnown(ServingModel model, int[] items, int k, float[] scratch, Consumer<Recommendation> out) {
        boolean[] banned = banned(model, ItemFilter.NONE);
        for (int item : items) {
            if (model.scorer().retrieval() != null) {
                out.accept(similar(model, item, null, k, ItemFilter.NONE, Similarity.COSINE));
                continue;
            }
            model.scorer().similarTo(item, scratch, Similarity.COSINE);
            scratch[item] = Float.NaN;
            out.accept(select(model, Recommendation.ITEM, model.itemId(item), -1, scratch, k, banned, null));
        }
    }

    /** The best k of {@code scores} not banned and not {@code user}'s seen items (-1: no user), as a list about {@code id}. */
    private static Recommendation select(ServingModel model, String about, String id, int user, float[] scores, int k,
                                         boolean[] banned, String fallback) {
        return select(model, about, id, Skip.seen(model, user), scores, k, banned, fallback);
    }

    private static Recommendation select(ServingModel model, String about, String id, Skip skip, float[] scores, int k,
                                         boolean[] banned, String fallback) {
        if (banned != null) {
            for (int item = 0; item < banned.length; item++) {
                if (banned[item]) {
                    scores[item] = Float.NaN; // TopK skips NaN
                }
            }
        }
        int[] top = TopK.select(scores, k, skip.items(), skip.from(), skip.to());
        float[] topScores = new float[top.length];
        for (int n = 0; n < top.length; n++) {
            topScores[n] = scores[top[n]];
        }
        return new Recommendation(about, id, top, topScores, fallback);
    }

    private boolean[] banned(ServingModel model, ItemFilter filter) {
        if (!filter.isNone()) {
            return standing.and(filter).banned(model);
        }
        Resolved last = resolved;
        if (last == null || last.model() != model) {
            last = new Resolved(model, standing.banned(model));
            resolved = last;
        }
        return last.banned();
    }
}
