package dev.lambdarec.train;

import static dev.lambdarec.testing.PlantedClusters.PLANTED;
import static dev.lambdarec.testing.PlantedClusters.SPEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lambdarec.model.CannotFoldInException;
import dev.lambdarec.model.FactorFoldIn;
import dev.lambdarec.model.FactorScorer;
import dev.lambdarec.model.FoldedUser;
import dev.lambdarec.model.History;
import dev.lambdarec.model.ImplicitAlsFoldIn;
import dev.lambdarec.model.ItemItemScorer;
import dev.lambdarec.model.RatingsFoldIn;
import dev.lambdarec.model.Scorer;
import dev.lambdarec.model.TwoStageScorer;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.model.UserItems;
import dev.lambdarec.recommend.ItemFilter;
import dev.lambdarec.recommend.Recommendation;
import dev.lambdarec.recommend.Recommender;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fold-in: a history given at request time solved as the model solves a training user. */
class FoldInTest {
    private static TrainingData data;

    @BeforeAll
    static void plantedData() {
        data = dev.lambdarec.testing.PlantedClusters.trainingData();
    }

    /** A training user's own interactions as a request history, without values. */
    private static History trainingHistory(UserItems seen, int user) {
        int[] items = Arrays.copyOfRange(seen.items(), seen.start(user), seen.end(user));
        float[] values = new float[items.length];
        Arrays.fill(values, Float.NaN);
        return new History(items, values);
    }

    @Test
    void iAlsFoldInIsTheTrainingHalfSweepsSolve() {
        int k = 16;
        FactorScorer model = (FactorScorer) new Ials().train(data, Hyperparameters.of("factors", "16", "iterations", "3",
                "solver", "cholesky"), TrainingLoop.Validation.NONE).scorer();
        ImplicitAlsFoldIn rule = (ImplicitAlsFoldIn) model.foldInRule();
        // the users' half-sweep a fourth sweep would make against the trained item factors
        float[] ones = new float[data.trainUsers.length];
        Arrays.fill(ones, 1f);
        Ials.Csr byUser = Ials.Csr.of(data.numUsers, data.trainUsers, data.trainItems, ones);
        for (int n = 0; n < byUser.values.length; n++) {
            byUser.values[n] = (float) rule.confidence(byUser.values[n]);
        }
        float[] items = model.retrievalVectors();
        float[] sweep = new float[data.numUsers * k];
        new Ials.Solver(k, rule, false, 0).halfStep(byUser, items, sweep, data.numItems);
        double largest = 0;
        for (int user = 0; user < 60; user++) {
            float[] unknown = rule.solve(model, trainingHistory(model.seen(), user), -1).factors();
            float[] known = rule.solve(model, new History(new int[0], new float[0]), user).factors();
            for (int f = 0; f < k; f++) {
                assertThat(unknown[f]).as("user %d factor %d, as a new user", user, f).isCloseTo(sweep[user * k + f], within(1e-4f));
                assertThat(known[f]).as("user %d factor %d, known with no fresh history", user, f).isCloseTo(sweep[user * k + f], within(1e-4f));
                largest = Math.max(largest, Math.abs(sweep[user * k + f]));
            }
        }
        assertThat(largest).as("factors big enough for 1e-4 to mean something").isGreaterThan(0.05);
    }

    @Test
    void easeFoldInIsTheHistoryRowTimesB() {
        ItemItemScorer model = (ItemItemScorer) new Ease().train(data, Hyperparameters.of(), TrainingLoop.Validation.NONE).scorer();
        int n = model.numItems();
        int[] history = {3, 17, 250};
        FoldedUser user = model.foldIn(new History(history, new float[] {Float.NaN, 4f, Float.NaN}), -1);
        float[] folded = new float[n];
        user.scoreAll(folded);
        for (int i = 0; i < n; i++) {
            float expected = model.weights()[3 * n + i] + model.weights()[17 * n + i] + model.weights()[250 * n + i];
            assertThat(folded[i]).isCloseTo(expected, within(1e-4f));
            assertThat(user.score(i)).isCloseTo(expected, within(1e-4f));
        }
        assertThat(user.excluded()).containsExactly(3, 17, 250);
        // a known user with no fresh history is scored exactly as training scored them
        float[] trained = new float[n];
        model.scoreAll(7, trained);
        model.foldIn(new History(new int[0], new float[0]), 7).scoreAll(folded);
        assertThat(folded).containsExactly(trained);
    }

    /** SGD MF's rule minimises the objective SGD descends: every coordinate moved either way costs more. */
    @Test
    void sgdMfFoldInMinimisesTheRegularisedSquaredError() {
        FactorScorer model = (FactorScorer) new BiasedMf().train(data, Hyperparameters.of("method", "sgd", "factors", "8", "epochs", "10",
                "learning_rate", "0.01"), TrainingLoop.Validation.NONE).scorer();
        RatingsFoldIn rule = (RatingsFoldIn) model.foldInRule();
        int[] items = {5, 9, 40, 41, 77, 120};
        float[] ratings = {5, 4, 1, 2, 5, 3};
        FactorFoldIn.UserVector solved = rule.solve(model, new History(items, ratings), -1);
        double best = objective(model, rule, items, ratings, solved.factors(), solved.bias());
        for (int c = 0; c <= 8; c++) {
            for (double step : new double[] {-1e-2, 1e-2}) {
                float[] p = solved.factors().clone();
                float b = solved.bias();
                if (c < 8) {
                    p[c] += step;
                } else {
                    b += step;
                }
                assertThat(objective(model, rule, items, ratings, p, b)).as("coordinate %d moved by %s", c, step).isGreaterThan(best);
            }
        }
        assertThatThrownBy(() -> rule.solve(model, new History(new int[] {5}, new float[] {Float.NaN}), -1))
                .isInstanceOf(CannotFoldInException.class).hasMessageContaining("folds in ratings");
    }

    private static double objective(FactorScorer model, RatingsFoldIn rule, int[] items, float[] ratings, float[] p, float b) {
        double sum = 0;
        for (int n = 0; n < items.length; n++) {
            double dot = 0;
            for (int f = 0; f < p.length; f++) {
                dot += p[f] * model.itemFactors()[items[n] * model.factors() + f];
            }
            double error = ratings[n] - (model.itemBase(items[n]) + b + dot);
            sum += error * error;
        }
        double norm = 0;
        for (float v : p) {
            norm += v * v;
        }
        return sum + items.length * (rule.regularization() * norm + rule.biasRegularization() * b * b);
    }

    /** Bayesian MF: a new user given a training user's ratings lands where the sampler put that user. */
    @Test
    void bayesianMfFoldsATrainingUsersRatingsBackNearThatUser() {
        Scorer model = new BiasedMf().train(data, Hyperparameters.of("factors", "8", "iterations", "12", "burn_in", "4"),
                TrainingLoop.Validation.NONE).scorer();
        // scores less every user's average score of the item: what is this user's own, not what all share
        float[] common = new float[model.numItems()];
        float[] row = new float[model.numItems()];
        for (int user = 0; user < model.numUsers(); user++) {
            model.scoreAll(user, row);
            for (int i = 0; i < row.length; i++) {
                common[i] += row[i] / model.numUsers();
            }
        }
        double own = 0;
        double other = 0;
        int users = 40;
        for (int user = 0; user < users; user++) {
            int u = user;
            int[] rows = IntStream.range(0, data.trainUsers.length).filter(n -> data.trainUsers[n] == u).toArray();
            int[] history = Arrays.stream(rows).map(n -> data.trainItems[n]).toArray();
            float[] values = new float[rows.length];
            for (int n = 0; n < rows.length; n++) {
                values[n] = data.trainRatings[rows[n]];
            }
            float[] folded = new float[model.numItems()];
            float[] trained = new float[model.numItems()];
            float[] neighbour = new float[model.numItems()];
            model.foldIn(new History(history, values), -1).scoreAll(folded);
            model.scoreAll(user, trained);
            model.scoreAll(user + users, neighbour);
            for (float[] scores : new float[][] {folded, trained, neighbour}) {
                for (int i = 0; i < scores.length; i++) {
                    scores[i] -= common[i];
                }
            }
            own += pearson(folded, trained) / users;
            other += pearson(folded, neighbour) / users;
        }
        System.out.printf("bayesian mf: correlation of a folded-in training user's own scores (less the items' mean) with that "
                + "sampled user's %.3f, with another user's %.3f%n", own, other);
        // measured 0.81 against -0.03: the samples were drawn against the previous sweep's items, the fold-in uses the kept ones
        assertThat(own).isGreaterThan(0.7).isGreaterThan(other + 0.5);
    }

    private static double pearson(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }

    /** An unknown user whose history is 12 items of one planted cluster gets items of that cluster. */
    @Test
    void anUnknownUserWithAPlantedTasteGetsThatTaste() {
        Map<String, Scorer> models = new LinkedHashMap<>();
        models.put("ials", new Ials().train(data, Hyperparameters.of("factors", "16", "iterations", "8"), TrainingLoop.Validation.NONE).scorer());
        models.put("ease", new Ease().train(data, Hyperparameters.of(), TrainingLoop.Validation.NONE).scorer());
        int[] counts = new int[data.numItems];
        for (int item : data.trainItems) {
            counts[item]++;
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        for (var entry : models.entrySet()) {
            ServingModel serving = SimilarItemsTest.serving(entry.getValue());
            SplittableRandom random = new SplittableRandom(5);
            long same = 0;
            long all = 0;
            for (int trial = 0; trial < 40; trial++) {
                int cluster = trial % SPEC.factors();
                int[] pool = IntStream.range(0, data.numItems).filter(i -> PLANTED.cluster(i) == cluster && counts[i] >= 10).toArray();
                int[] history = random.ints(0, pool.length).distinct().limit(12).map(i -> pool[i]).toArray();
                float[] values = new float[history.length];
                Arrays.fill(values, Float.NaN);
                FoldedUser user = entry.getValue().foldIn(new History(history, values), -1);
                Recommendation list = Recommender.unfiltered().recommendFolded(serving, null, user, 10, ItemFilter.NONE);
                assertThat(list.fallback()).isNull();
                assertThat(list.items()).hasSize(10).doesNotContain(history);
                for (int item : list.items()) {
                    same += PLANTED.cluster(item) == cluster ? 1 : 0;
                    all++;
                }
            }
            shares.put(entry.getKey(), (double) same / all);
        }
        double chance = IntStream.range(0, SPEC.factors()).mapToDouble(c -> IntStream.range(0, data.numItems)
                .filter(i -> PLANTED.cluster(i) == c).count() / (double) data.numItems / SPEC.factors()).sum();
        System.out.printf("share of a folded-in planted taste's top 10 in its cluster (chance about %.2f): %s%n", chance, shares);
        shares.forEach((name, share) -> assertThat(share).as(name).isGreaterThan(chance + 0.3));
    }

    /** Two-stage: the retriever folds in and picks; a ranker that cannot fold in is skipped, the others' weight scaled up. */
    @Test
    void twoStageFoldsInThroughItsStagesAndSkipsARankerThatCannot() {
        Scorer ials = new Ials().train(data, Hyperparameters.of("factors", "16", "iterations", "4"), TrainingLoop.Validation.NONE).scorer();
        Scorer ease = new Ease().train(data, Hyperparameters.of(), TrainingLoop.Validation.NONE).scorer();
        Scorer ruleless = new FactorizationMachine().train(data, Hyperparameters.of("epochs", "1"), TrainingLoop.Validation.NONE).scorer();
        TwoStageScorer twoStage = new TwoStageScorer(ials, java.util.List.of(ease, ruleless), 50, new float[] {0.2f, 0.5f, 0.3f});
        History history = new History(new int[] {3, 17, 250}, new float[] {Float.NaN, Float.NaN, Float.NaN});
        float[] blended = new float[data.numItems];
        twoStage.foldIn(history, -1).scoreAll(blended);
        // by hand: the retriever's fold-in picks 50, z-scores of it and of EASE's fold-in, weights 0.2 and 0.5 * 0.8 / 0.5
        float[] retrieved = new float[data.numItems];
        FoldedUser retriever = ials.foldIn(history, -1);
        retriever.scoreAll(retrieved);
        int[] chosen = dev.lambdarec.model.TopK.select(retrieved, 50, new int[] {3, 17, 250}, 0, 3);
        FoldedUser ranker = ease.foldIn(history, -1);
        double[] a = new double[50];
        double[] b = new double[50];
        for (int k = 0; k < 50; k++) {
            a[k] = retrieved[chosen[k]];
            b[k] = ranker.score(chosen[k]);
        }
        zScores(a);
        zScores(b);
        for (int k = 0; k < 50; k++) {
            assertThat(blended[chosen[k]]).isCloseTo((float) (0.2 * a[k] + 0.8 * b[k]), within(1e-4f));
        }
        float lowest = (float) IntStream.range(0, 50).mapToDouble(k -> blended[chosen[k]]).min().orElseThrow();
        assertThat(blended[3]).as("the history is not a candidate").isEqualTo(lowest - 1f);
    }

    private static void zScores(double[] v) {
        double mean = Arrays.stream(v).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).average().orElseThrow());
        for (int k = 0; k < v.length; k++) {
            v[k] = (v[k] - mean) / std;
        }
    }

    @Test
    void aModelWithoutAFoldInRuleSaysSo() {
        Scorer factorizationMachine = new FactorizationMachine().train(data, Hyperparameters.of("epochs", "1"), TrainingLoop.Validation.NONE).scorer();
        assertThatThrownBy(() -> factorizationMachine.foldIn(new History(new int[] {1}, new float[] {Float.NaN}), -1))
                .isInstanceOf(CannotFoldInException.class).hasMessageContaining("carries no fold-in rule");
    }
}
