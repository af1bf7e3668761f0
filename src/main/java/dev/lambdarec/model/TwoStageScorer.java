package dev.lambdarec.model;

import dev.lambdarec.io.NpzFile;
import dev.lambdarec.io.NpzWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Retrieve, then re-rank: the retriever's best {@code candidates} unseen items for a user are scored by each
 * ranker, and each candidate gets the weighted sum over stages of z(stage score), z standardising a stage's
 * scores over the user's candidates (the stages' scales are unrelated); weight 0 is the retriever's. Items
 * outside the candidate set all score one below the lowest candidate, so every list of up to {@code candidates}
 * items comes from the candidates, in blended order.
 */
public final class TwoStageScorer implements Scorer {
    public static final String FAMILY = "two-stage";

    private final Scorer retriever;
    private final List<Scorer> rankers;
    private final int candidates;
    private final float[] weights;
    /** Candidates computed once per user (null: none), for scoring the same users under many weightings. */
    private final Candidates[] cached;

    public TwoStageScorer(Scorer retriever, List<Scorer> rankers, int candidates, float[] weights) {
        this(retriever, rankers, candidates, weights, null);
    }

    private TwoStageScorer(Scorer retriever, List<Scorer> rankers, int candidates, float[] weights, Candidates[] cached) {
        if (rankers.isEmpty() || weights.length != rankers.size() + 1) {
            throw new IllegalArgumentException("a two-stage model needs one or more rankers and a weight per stage, had "
                    + rankers.size() + " rankers and " + weights.length + " weights");
        }
        for (Scorer ranker : rankers) {
            if (retriever.numItems() != ranker.numItems() || retriever.numUsers() != ranker.numUsers()) {
                throw new IllegalArgumentException("the stages were trained on different catalogues");
            }
        }
        this.retriever = retriever;
        this.rankers = List.copyOf(rankers);
        this.candidates = candidates;
        this.weights = weights.clone();
        this.cached = cached;
    }

    /** The same model with other weights (sharing any cached candidates). */
    public TwoStageScorer withWeights(float[] weights) {
        return new TwoStageScorer(retriever, rankers, candidates, weights, cached);
    }

    /**
     * The same model with the candidates of every user who has items in {@code users} computed once: a weight
     * search scores them under each weighting without asking the rankers again.
     */
    public TwoStageScorer withCandidatesCached(UserItems users) {
        Candidates[] byUser = new Candidates[numUsers()];
        ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[numItems()]);
        IntStream.range(0, numUsers()).parallel().filter(user -> users.count(user) > 0)
                .forEach(user -> byUser[user] = candidates(user, scratch.get()));
        return new TwoStageScorer(retriever, rankers, candidates, weights, byUser);
    }

    /**
     * The name of stage {@code index} (0 the retriever, then the rankers): {@code retriever}, {@code ranker},
     * {@code ranker2}, ... Stage hyperparameters, model.json's stages and the nested weights all go by it.
     */
    public static String role(int index) {
        return index == 0 ? "retriever" : index == 1 ? "ranker" : "ranker" + index;
    }

    public Scorer retriever() {
        return retriever;
    }

    public List<Scorer> rankers() {
        return rankers;
    }

    /** One weight per stage, the retriever's first. */
    public float[] weights() {
        return weights.clone();
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
        Candidates known = cached == null ? null : cached[user];
        (known != null ? known : candidates(user, out)).blendInto(weights, out);
    }

    /** The user's candidates and every stage's standardised scores of them; {@code scratch} is overwritten. */
    public Candidates candidates(int user, float[] scratch) {
        retriever.scoreAll(user, scratch);
        UserItems seen = seen();
        List<ItemScores> stages = new ArrayList<>();
        for (Scorer ranker : rankers) {
            stages.add(item -> ranker.score(user, item));
        }
        return candidates(scratch, seen.items(), seen.start(user), seen.end(user), stages);
    }

    /** One stage's score of an item, for one user. */
    private interface ItemScores {
        float of(int item);
    }

    /**
     * The best {@code candidates} of the retriever's {@code scores} outside {@code skip[from, to)} (sorted), with the
     * retriever's and each ranker's standardised scores of them; a null ranker is left at 0 (its weight is 0).
     */
    private Candidates candidates(float[] scores, int[] skip, int from, int to, List<ItemScores> rankerScores) {
        int[] chosen = TopK.select(scores, candidates, skip, from, to);
        float[][] standardised = new float[rankers.size() + 1][chosen.length];
        for (int k = 0; k < chosen.length; k++) {
            standardised[0][k] = scores[chosen[k]];
        }
        for (int r = 0; r < rankerScores.size(); r++) {
            if (rankerScores.get(r) == null) {
                continue;
            }
            for (int k = 0; k < chosen.length; k++) {
                standardised[r + 1][k] = rankerScores.get(r).of(chosen[k]);
            }
        }
        for (float[] stage : standardised) {
            standardise(stage);
        }
        return new Candidates(chosen, standardised);
    }

    /**
     * The retriever folds the history in and picks the candidates; each ranker whose family folds in re-scores them,
     * and one that cannot is skipped, the others' weights scaled up to the same total.
     */
    @Override
    public FoldedUser foldIn(History history, int knownUser) {
        FoldedUser retrieved;
        try {
            retrieved = retriever.foldIn(history, knownUser);
        } catch (CannotFoldInException e) {
            throw new CannotFoldInException("a two-stage model folds in through its retriever, which cannot: " + e.getMessage());
        }
        List<ItemScores> stages = new ArrayList<>();
        float[] foldedWeights = weights.clone();
        float total = 0;
        float kept = 0;
        for (int r = 0; r < rankers.size(); r++) {
            total += Math.abs(weights[r + 1]);
            try {
                stages.add(rankers.get(r).foldIn(history, knownUser)::score);
                kept += Math.abs(weights[r + 1]);
            } catch (CannotFoldInException e) {
                stages.add(null);
                foldedWeights[r + 1] = 0;
            }
        }
        if (kept > 0) {
            for (int r = 1; r < foldedWeights.length; r++) {
                foldedWeights[r] *= total / kept;
            }
        } else {
            foldedWeights[0] = 1; // no ranker folds in: the retriever's own order
        }
        int[] excluded = retrieved.excluded();
        return new FoldedUser() {
            @Override
            public void scoreAll(float[] out) {
                retrieved.scoreAll(out);
                candidates(out, excluded, 0, excluded.length, stages).blendInto(foldedWeights, out);
            }

            @Override
            public float score(int item) {
                float[] all = new float[numItems()];
                scoreAll(all);
                return all[item];
            }

            @Override
            public int[] excluded() {
                return excluded;
            }
        };
    }

    /** A user's candidate items with each stage's z-scores of them (row 0 the retriever's). */
    public record Candidates(int[] items, float[][] standardised) {
        /** Writes the blended scores of the candidates into {@code out} and one below the lowest elsewhere. */
        public void blendInto(float[] weights, float[] out) {
            float[] blended = new float[items.length];
            for (int s = 0; s < weights.length; s++) {
                for (int k = 0; k < items.length; k++) {
                    blended[k] += weights[s] * standardised[s][k];
                }
            }
            float lowest = Float.MAX_VALUE;
            for (float score : blended) {
                lowest = Math.min(lowest, score);
            }
            Arrays.fill(out, items.length == 0 ? 0f : lowest - 1f);
            for (int k = 0; k < items.length; k++) {
                out[items[k]] = blended[k];
            }
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

    /** The retriever's: the stage that sees the whole catalogue. */
    @Override
    public void similarTo(int item, float[] out, Similarity metric) {
        retriever.similarTo(item, out, metric);
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public void writeTo(NpzWriter npz) throws IOException {
        npz.addInts("candidates", new int[] {candidates}, 1);
        npz.addInts("rankers", new int[] {rankers.size()}, 1);
        npz.addFloats("weights", weights, new long[] {weights.length});
        for (int s = 0; s <= rankers.size(); s++) {
            Scorer stage = s == 0 ? retriever : rankers.get(s - 1);
            npz.addText(role(s) + "_family", stage.family());
            stage.writeTo(npz.nested(role(s) + "."));
        }
        Scorers.writeSeen(npz, seen());
    }

    static TwoStageScorer read(NpzFile npz) {
        // files from before several rankers: one ranker and its weight as "blend"
        int rankerCount = npz.has("rankers") ? npz.array("rankers").ints()[0] : 1;
        float[] weights;
        if (npz.has("weights")) {
            weights = npz.array("weights").floats();
        } else {
            float blend = npz.array("blend").floats()[0];
            weights = new float[] {1 - blend, blend};
        }
        List<Scorer> stages = new ArrayList<>();
        for (int s = 0; s <= rankerCount; s++) {
            stages.add(Scorers.read(npz.text(role(s) + "_family"), npz.nested(role(s) + ".")));
        }
        return new TwoStageScorer(stages.get(0), stages.subList(1, stages.size()), npz.array("candidates").ints()[0], weights);
    }
}
