package dev.lambdarec.model;

import dev.lambdarec.io.NpzWriter;
import java.io.IOException;

/**
 * Latent factor models (iALS, MF, FM collapsed): score(u, i) = global + b_u + b_i + p_u . q_i, biases
 * optional. Factors are row-major float32 matrices, {@code factors} columns each. Scoring a whole catalogue
 * walks one array per factor (a copy of the item factors' columns), so the inner loop is an axpy over items
 * with one index, which the JIT vectorises (a dot-product reduction, or an offset into one flat array, it
 * did not: 3x slower, docs/benchmarks.md).
 */
public final class FactorScorer implements Scorer {
    public static final String FAMILY = "factors";

    private final float[] userFactors;
    private final float[] itemFactors;
    private final int factors;
    private final float[] userBias;
    private final float[] itemBias;
    private final float globalBias;
    private final UserItems seen;
    private final float[][] itemColumns;
    private final float[] itemBase;
    private final AnnIndex index;
    /** How a new user is solved from a history (the training algorithm's rule); null: trained before fold-in. */
    private final FactorFoldIn foldIn;

    public FactorScorer(float[] userFactors, float[] itemFactors, int factors, float[] userBias, float[] itemBias,
                        float globalBias, UserItems seen) {
        if (userFactors.length % factors != 0 || itemFactors.length % factors != 0) {
            throw new IllegalArgumentException("factor matrices are not multiples of " + factors + " columns");
        }
        this.userFactors = userFactors;
        this.itemFactors = itemFactors;
        this.factors = factors;
        this.userBias = userBias;
        this.itemBias = itemBias;
        this.globalBias = globalBias;
        this.seen = seen;
        int items = itemFactors.length / factors;
        this.itemColumns = new float[factors][items];
        for (int i = 0; i < items; i++) {
            for (int f = 0; f < factors; f++) {
                itemColumns[f][i] = itemFactors[i * factors + f];
            }
        }
        this.itemBase = new float[items];
        for (int i = 0; i < items; i++) {
            itemBase[i] = globalBias + (itemBias == null ? 0 : itemBias[i]);
        }
        this.index = null;
        this.foldIn = null;
        this.itemGramian = new java.util.concurrent.atomic.AtomicReference<>();
    }

    private FactorScorer(FactorScorer model, AnnIndex index, FactorFoldIn foldIn) {
        this.userFactors = model.userFactors;
        this.itemFactors = model.itemFactors;
        this.factors = model.factors;
        this.userBias = model.userBias;
        this.itemBias = model.itemBias;
        this.globalBias = model.globalBias;
        this.seen = model.seen;
        this.itemColumns = model.itemColumns;
        this.itemBase = model.itemBase;
        this.index = index;
        this.foldIn = foldIn;
        this.itemGramian = model.itemGramian;
    }

    /** The same model served through an index over {@link #retrievalVectors()}. */
    public FactorScorer withIndex(AnnIndex index) {
        return new FactorScorer(this, index, foldIn);
    }

    /** The same model with the rule that solves a new user from a history (null: none). */
    public FactorScorer withFoldIn(FactorFoldIn rule) {
        if (rule instanceof BayesianFoldIn bayesian && bayesian.samples() * bayesian.k() != factors) {
            throw new CorruptModelException("bayesian fold-in: " + bayesian.samples() + " samples of " + bayesian.k()
                    + " factors, but the model is " + factors + " wide");
        }
        return new FactorScorer(this, index, rule);
    }

    public FactorFoldIn foldInRule() {
        return foldIn;
    }

    @Override
    public FoldedUser foldIn(History history, int knownUser) {
        if (foldIn == null) {
            throw new CannotFoldInException("this factor model carries no fold-in rule (trained before fold-in, or a factorization machine): "
                    + "it cannot fold in a history");
        }
        FactorFoldIn.UserVector user = foldIn.solve(this, history, knownUser);
        float[] vector = user.factors();
        float base = user.bias();
        int[] excluded = (knownUser >= 0 ? history.withTrainingItems(seen, knownUser) : history).sortedItems();
        return new FoldedUser() {
            @Override
            public void scoreAll(float[] out) {
                scoreVector(vector, 0, base, out);
            }

            @Override
            public float score(int item) {
                return scoreVector(vector, 0, base, item);
            }

            @Override
            public int[] excluded() {
                return excluded;
            }

            @Override
            public float[] retrievalQuery() {
                return index == null ? null : query(vector, 0);
            }
        };
    }

    public int factors() {
        return factors;
    }

    public float[] itemFactors() {
        return itemFactors;
    }

    /** global + b_i: what a rating is measured from before the user's own terms. */
    public float itemBase(int item) {
        return itemBase[item];
    }

    public float userFactor(int user, int f) {
        return userFactors[user * factors + f];
    }

    public float userBias(int user) {
        return userBias == null ? 0 : userBias[user];
    }

    /** Y'Y over the item factors, computed once on first use (k^2 x items; fold-in needs it, scoring does not). */
    double[] itemGramian() {
        double[] gram = itemGramian.get();
        if (gram == null) {
            gram = ImplicitAlsFoldIn.gramian(itemFactors, numItems(), factors);
            itemGramian.set(gram);
        }
        return gram;
    }

    /** Shared by the copies this model makes of itself (with an index, with a rule): same item factors. */
    private final java.util.concurrent.atomic.AtomicReference<double[]> itemGramian;

    /**
     * What an index is built over: the item factors, with the item bias as one more column when the model has
     * biases, so that the inner product with [p_u, 1] is the score up to the user's constant terms.
     */
    public float[] retrievalVectors() {
        if (itemBias == null) {
            return itemFactors;
        }
        int items = numItems();
        float[] vectors = new float[items * (factors + 1)];
        for (int i = 0; i < items; i++) {
            System.arraycopy(itemFactors, i * factors, vectors, i * (factors + 1), factors);
            vectors[i * (factors + 1) + factors] = itemBias[i];
        }
        return vectors;
    }

    public int retrievalDimension() {
        return itemBias == null ? factors : factors + 1;
    }

    @Override
    public Retrieval retrieval() {
        if (index == null) {
            return null;
        }
        return new Retrieval() {
            @Override
            public int[] forUser(int user, int candidates, java.util.function.IntPredicate accept) {
                return touched(index.search(query(userFactors, user * factors), candidates, accept));
            }

            @Override
            public int[] forQuery(float[] query, int candidates, java.util.function.IntPredicate accept) {
                return touched(index.search(query, candidates, accept));
            }

            @Override
            public int[] forItem(int item, int candidates, java.util.function.IntPredicate accept) {
                float[] query = new float[retrievalDimension()]; // 0 against the bias column: vectors alone
                System.arraycopy(itemFactors, item * factors, query, 0, factors);
                return touched(index.search(query, candidates, accept));
            }
        };
    }

    /** Kept, so the JIT keeps {@link #touched}'s loads; racy writes of an int that nobody reads are harmless. */
    private int touchedSum;

    /**
     * Reads a float of each cache line of the candidates' factor rows and their base scores, the memory the caller
     * re-scores them from, so that their misses overlap here instead of coming one by one inside the scoring loop
     * (at 1,000,000 x 64 through the predict handler: 2,508 against 2,375 calls/s, medians of 13 and 12 alternating
     * rounds).
     */
    private int[] touched(int[] candidates) {
        float sum = 0;
        for (int item : candidates) {
            int row = item * factors;
            for (int f = 0; f < factors; f += 16) {
                sum += itemFactors[row + f];
            }
            sum += itemFactors[row + factors - 1] + itemBase[item];
        }
        touchedSum += Float.floatToRawIntBits(sum);
        return candidates;
    }

    /** The index query for a user vector: its factors, and 1 against the item bias column when there is one. */
    private float[] query(float[] vectors, int offset) {
        float[] query = new float[retrievalDimension()];
        System.arraycopy(vectors, offset, query, 0, factors);
        if (itemBias != null) {
            query[factors] = 1f;
        }
        return query;
    }

    /** Pair similarity of two items as {@link #similarTo} computes it for the whole catalogue. */
    @Override
    public float similarity(int item, int other, Similarity metric) {
        float dot = 0;
        double a = 0;
        double b = 0;
        for (int f = 0; f < factors; f++) {
            float x = itemFactors[item * factors + f];
            float y = itemFactors[other * factors + f];
            dot += x * y;
            a += x * x;
            b += y * y;
        }
        if (metric == Similarity.DOT) {
            return dot;
        }
        float denominator = (float) Math.sqrt(a) * (float) Math.sqrt(b);
        return denominator > 0 ? dot / denominator : 0f;
    }

    /** The item factors compared (biases left out: they say how popular, not what like). */
    @Override
    public void similarTo(int item, float[] out, Similarity metric) {
        ItemVectors vectors = itemVectors;
        if (vectors == null) {
            vectors = new ItemVectors(itemFactors, factors);
            itemVectors = vectors;
        }
        vectors.similarTo(item, out, metric);
    }

    private volatile ItemVectors itemVectors;

    @Override
    public int numUsers() {
        return userFactors.length / factors;
    }

    @Override
    public int numItems() {
        return itemFactors.length / factors;
    }

    @Override
    public UserItems seen() {
        return seen;
    }

    @Override
    public void scoreAll(int user, float[] out) {
        scoreVector(userFactors, user * factors, userBias(user), out);
    }

    /** Every item's score for the user vector at {@code vectors[u..u + factors)} with bias {@code base}. */
    private void scoreVector(float[] vectors, int u, float base, float[] out) {
        int n = numItems();
        for (int i = 0; i < n; i++) {
            out[i] = itemBase[i] + base;
        }
        for (int f = 0; f < factors; f++) {
            float weight = vectors[u + f];
            float[] column = itemColumns[f];
            for (int i = 0; i < n; i++) {
                out[i] += weight * column[i]; // same index on both arrays: C2 vectorises it
            }
        }
    }

    /** The block version of {@link #scoreAll}: each item column is read once and applied to every user of the block. */
    @Override
    public void scoreBlock(int[] users, float[][] out) {
        int n = numItems();
        for (int b = 0; b < users.length; b++) {
            float base = userBias == null ? 0 : userBias[users[b]];
            float[] row = out[b];
            for (int i = 0; i < n; i++) {
                row[i] = itemBase[i] + base;
            }
        }
        for (int f = 0; f < factors; f++) {
            float[] column = itemColumns[f];
            for (int b = 0; b < users.length; b++) {
                float weight = userFactors[users[b] * factors + f];
                float[] row = out[b];
                for (int i = 0; i < n; i++) {
                    row[i] += weight * column[i];
                }
            }
        }
    }

    /** Summed in the same order as {@link #scoreAll}, so a pair's score equals its entry in the full vector. */
    @Override
    public float score(int user, int item) {
        return scoreVector(userFactors, user * factors, userBias(user), item);
    }

    private float scoreVector(float[] vectors, int u, float base, int item) {
        float score = itemBase[item] + base;
        int v = item * factors;
        for (int f = 0; f < factors; f++) {
            score += vectors[u + f] * itemFactors[v + f];
        }
        return score;
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public void writeTo(NpzWriter npz) throws IOException {
        npz.addFloats("user_factors", userFactors, new long[] {numUsers(), factors});
        npz.addFloats("item_factors", itemFactors, new long[] {numItems(), factors});
        if (userBias != null) {
            npz.addFloats("user_bias", userBias, new long[] {userBias.length});
        }
        if (itemBias != null) {
            npz.addFloats("item_bias", itemBias, new long[] {itemBias.length});
        }
        npz.addFloats("global_bias", new float[] {globalBias}, new long[] {1});
        if (foldIn != null) {
            foldIn.writeTo(npz);
        }
        Scorers.writeSeen(npz, seen);
    }
}
