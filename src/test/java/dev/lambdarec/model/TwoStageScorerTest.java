package dev.lambdarec.model;

import dev.lambdarec.store.StoreLayout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.io.NpzFile;
import dev.lambdarec.io.NpzWriter;
import dev.lambdarec.serve.PredictLimits;
import dev.lambdarec.serve.Predictor;
import dev.lambdarec.serve.PredictorTest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retrieve-then-rerank: lists come from the retriever's candidates, ordered by the blend, and survive a round trip. */
class TwoStageScorerTest {
    static final int CANDIDATES = 12;
    final Scorer retriever = PredictorTest.model("r", 3).scorer();
    final Scorer ranker = new PopularityScorer(popularityFavouringHighIds(retriever.numItems()), retriever.seen());

    private static float[] popularityFavouringHighIds(int items) {
        float[] scores = new float[items];
        for (int i = 0; i < items; i++) {
            scores[i] = i;
        }
        return scores;
    }

    /** The retriever and the popularity ranker, the ranker weighted {@code blend}. */
    private TwoStageScorer twoStage(float blend) {
        return new TwoStageScorer(retriever, List.of(ranker), CANDIDATES, new float[] {1 - blend, blend});
    }

    private int[] candidates(int user) {
        float[] scores = new float[retriever.numItems()];
        retriever.scoreAll(user, scores);
        UserItems seen = retriever.seen();
        return TopK.select(scores, CANDIDATES, seen.items(), seen.start(user), seen.end(user));
    }

    @Test
    void listsComeFromTheRetrieversCandidates() {
        TwoStageScorer scorer = twoStage(0.5f);
        float[] scratch = new float[scorer.numItems()];
        for (int u = 0; u < scorer.numUsers(); u++) {
            Set<Integer> allowed = new HashSet<>();
            Arrays.stream(candidates(u)).forEach(allowed::add);
            assertThat(Arrays.stream(scorer.recommend(u, 10, scratch)).boxed().toList()).allSatisfy(i -> assertThat(allowed).contains(i));
        }
    }

    @Test
    void blendZeroKeepsTheRetrieversOrderAndBlendOneTakesTheRankers() {
        float[] scratch = new float[retriever.numItems()];
        int user = 7;
        int[] retrieved = candidates(user);
        assertThat(twoStage(0f).recommend(user, CANDIDATES, scratch)).containsExactly(retrieved);
        int[] byRanker = Arrays.stream(retrieved).boxed().sorted((a, b) -> Integer.compare(b, a)).mapToInt(Integer::intValue).toArray();
        assertThat(twoStage(1f).recommend(user, CANDIDATES, scratch)).containsExactly(byRanker);
    }

    @Test
    void pairScoresAreEntriesOfTheFullVectorAndSurviveTheRoundTrip(@TempDir Path dir) throws Exception {
        TwoStageScorer scorer = twoStage(0.3f);
        ModelArtifacts.writeWeights(dir, scorer);
        Scorer loaded = Scorers.read(TwoStageScorer.FAMILY, NpzFile.read(dir.resolve(StoreLayout.WEIGHTS)));
        float[] a = new float[scorer.numItems()];
        float[] b = new float[scorer.numItems()];
        for (int u = 0; u < scorer.numUsers(); u += 3) {
            scorer.scoreAll(u, a);
            loaded.scoreAll(u, b);
            assertThat(b).containsExactly(a);
            assertThat(scorer.score(u, 5)).isEqualTo(a[5]);
        }
        assertThat(((TwoStageScorer) loaded).weights()).containsExactly(0.7f, 0.3f);
        assertThat(((TwoStageScorer) loaded).rankers()).extracting(Scorer::family).containsExactly(PopularityScorer.FAMILY);
    }

    @Test
    void everyRankerCountsByItsWeightAndAllSurviveTheRoundTrip(@TempDir Path dir) throws Exception {
        // a second ranker preferring low ids: with equal weight it cancels the first; alone it reverses its order
        float[] lowFirst = popularityFavouringHighIds(retriever.numItems());
        for (int i = 0; i < lowFirst.length; i++) {
            lowFirst[i] = -lowFirst[i];
        }
        Scorer second = new PopularityScorer(lowFirst, retriever.seen());
        int user = 7;
        int[] retrieved = candidates(user);
        float[] scratch = new float[retriever.numItems()];
        TwoStageScorer cancelling = new TwoStageScorer(retriever, List.of(ranker, second), CANDIDATES, new float[] {1, 3, 3});
        assertThat(cancelling.recommend(user, CANDIDATES, scratch)).containsExactly(retrieved);
        TwoStageScorer secondOnly = new TwoStageScorer(retriever, List.of(ranker, second), CANDIDATES, new float[] {0, 0, 1});
        int[] lowIdsFirst = Arrays.stream(retrieved).sorted().toArray();
        assertThat(secondOnly.recommend(user, CANDIDATES, scratch)).containsExactly(lowIdsFirst);

        ModelArtifacts.writeWeights(dir, secondOnly);
        TwoStageScorer loaded = (TwoStageScorer) Scorers.read(TwoStageScorer.FAMILY, NpzFile.read(dir.resolve(StoreLayout.WEIGHTS)));
        assertThat(loaded.weights()).containsExactly(0f, 0f, 1f);
        assertThat(loaded.recommend(user, CANDIDATES, scratch)).containsExactly(lowIdsFirst);
    }

    @Test
    void cachedCandidatesScoreLikeAFreshModelUnderEveryWeighting() {
        UserItems someUsers = UserItems.of(retriever.numUsers(), new int[] {2, 7, 7}, new int[] {0, 1, 2}, null);
        TwoStageScorer cached = twoStage(0.5f).withCandidatesCached(someUsers);
        float[] expected = new float[retriever.numItems()];
        float[] actual = new float[retriever.numItems()];
        for (float blend : new float[] {0f, 0.3f, 1f}) {
            for (int user : new int[] {2, 7, 9}) {
                twoStage(blend).scoreAll(user, expected);
                cached.withWeights(new float[] {1 - blend, blend}).scoreAll(user, actual);
                assertThat(actual).containsExactly(expected);
            }
        }
    }

    @Test
    void readsWeightsWrittenBeforeSeveralRankers(@TempDir Path dir) throws Exception {
        // the single-ranker layout: retriever_family, ranker_family, candidates, blend (the ranker's weight)
        try (NpzWriter npz = new NpzWriter(dir.resolve("old.npz"))) {
            npz.addText("retriever_family", retriever.family());
            npz.addText("ranker_family", ranker.family());
            npz.addInts("candidates", new int[] {CANDIDATES}, 1);
            npz.addFloats("blend", new float[] {0.3f}, new long[] {1});
            retriever.writeTo(npz.nested("retriever."));
            ranker.writeTo(npz.nested("ranker."));
            Scorers.writeSeen(npz, retriever.seen());
        }
        Scorer loaded = Scorers.read(TwoStageScorer.FAMILY, NpzFile.read(dir.resolve("old.npz")));
        float[] expected = new float[retriever.numItems()];
        float[] actual = new float[retriever.numItems()];
        for (int u = 0; u < retriever.numUsers(); u += 5) {
            twoStage(0.3f).scoreAll(u, expected);
            loaded.scoreAll(u, actual);
            assertThat(actual).containsExactly(expected);
        }
    }

    @Test
    void predictServesTopKFromTheTwoStageModel() throws Exception {
        TwoStageScorer scorer = twoStage(1f);
        ModelCard card = new ModelCard(1, "ts", "two-stage", TwoStageScorer.FAMILY, "d", java.util.Map.of(), java.util.Map.of(),
                java.util.Map.of(), "now", scorer.numUsers(), scorer.numItems(), java.util.Map.of(), List.of(), "test",
                List.of(new ModelCard.Stage("retriever", "ials", FactorScorer.FAMILY, java.util.Map.of()),
                        new ModelCard.Stage("ranker", "popular", PopularityScorer.FAMILY, java.util.Map.of())), null, null);
        String[] userIds = new String[scorer.numUsers()];
        String[] itemIds = new String[scorer.numItems()];
        Arrays.setAll(userIds, u -> "u" + (u + 1));
        Arrays.setAll(itemIds, i -> "i" + (i + 1));
        List<Set<String>> genres = java.util.Collections.nCopies(itemIds.length, Set.of());
        ServingModel model = ServingModel.of(card, scorer, userIds, itemIds, genres);
        JsonNode response = new Predictor(PredictLimits.DEFAULT).predict(model,
                new ObjectMapper().readTree("{\"instances\":[{\"user\":\"u8\",\"k\":5}]}"));
        int[] expected = Arrays.stream(candidates(7)).boxed().sorted((x, y) -> Integer.compare(y, x)).limit(5).mapToInt(Integer::intValue).toArray();
        JsonNode items = response.get("predictions").get(0).get("items");
        for (int n = 0; n < expected.length; n++) {
            assertThat(items.get(n).get("item").asText()).isEqualTo(itemIds[expected[n]]);
        }
    }
}
