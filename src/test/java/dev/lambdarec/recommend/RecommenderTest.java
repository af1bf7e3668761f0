package dev.lambdarec.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.batch.RecommendationStore;
import dev.lambdarec.functions.RecommendationsHandler;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.serve.PredictorTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The one place lists are made: model scores, seen items, standing and request filters, the popular fallback. */
class RecommenderTest {
    /** 30 users, 40 items; even items Comedy, odd Drama+War; user u saw items 0, 3, ... (u mod 5 + 1 of them). */
    private static final ServingModel MODEL = PredictorTest.model("m-rec", 3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aKnownUsersListIsTheBestUnseenItemsByTheModelsScores() {
        Recommender recommender = Recommender.unfiltered();
        for (int user = 0; user < MODEL.numUsers(); user++) {
            Recommendation list = recommender.recommend(MODEL, MODEL.userId(user), 7, ItemFilter.NONE);
            assertThat(list.fallback()).isNull();
            assertThat(list.items()).containsExactly(bruteForce(user, 7, item -> true));
        }
    }

    @Test
    void theStandingFilterHoldsForKnownUsersStrangersAndThePopularFallback() {
        // the operator withdrew i1 (the most popular item) and runs a Drama night
        Recommender recommender = new Recommender(ItemFilter.standing(Set.of("Drama"), Set.of("i1")));
        List<Recommendation> lists = new ArrayList<>();
        lists.add(recommender.recommend(MODEL, "u3", 10, ItemFilter.NONE));
        lists.add(recommender.recommend(MODEL, "somebody-new", 10, ItemFilter.NONE));
        lists.add(recommender.popular(MODEL, "u3", 10, ItemFilter.NONE));
        for (Recommendation list : lists) {
            assertThat(list.items()).hasSize(10);
            assertThat(Arrays.stream(list.items()).boxed().toList()).allSatisfy(item -> {
                assertThat(MODEL.itemId(item)).isNotEqualTo("i1");
                assertThat(MODEL.genres(item)).contains("Drama");
            });
        }
        assertThat(lists.get(1).fallback()).isEqualTo(Recommendation.POPULAR);
        assertThat(lists.get(1).items()[0]).as("i4 is the most popular Drama left").isEqualTo(MODEL.itemIndex("i4"));
    }

    @Test
    void thePopularListNeverGivesAKnownUserWhatTheySaw() {
        Recommendation list = Recommender.unfiltered().popular(MODEL, "u5", 10, ItemFilter.NONE); // u5 saw 0,3,6,9,12
        assertThat(Arrays.stream(list.items()).boxed().toList()).doesNotContain(0, 3, 6, 9, 12);
        assertThat(list.fallback()).isEqualTo(Recommendation.POPULAR);
        assertThat(Recommender.unfiltered().popular(MODEL, "new", 3, ItemFilter.NONE).items()).containsExactly(0, 3, 6);
    }

    @Test
    void aRequestFilterNarrowsTheStandingOneAndNeverWidensIt() {
        Recommender recommender = new Recommender(ItemFilter.standing(Set.of("War"), Set.of()));
        ItemFilter request = new ItemFilter(Set.of("i4"), Set.of("i2", "i4", "i5", "i7"), null);
        // i2, i4 are War; i5, i7 Comedy; i4 excluded by the request
        for (String user : List.of("u1", "u30", "stranger")) {
            Recommendation list = recommender.recommend(MODEL, user, 10, request);
            assertThat(list.items()).containsExactly(MODEL.itemIndex("i2"));
        }
        ItemFilter genreWiden = new ItemFilter(Set.of(), null, Set.of("Comedy"));
        assertThat(recommender.recommend(MODEL, "u1", 10, genreWiden).items()).as("War and Comedy share no item").isEmpty();
    }

    @Test
    void theBatchPathGivesTheSameListsAsOneUserAtATime() {
        Recommender recommender = new Recommender(ItemFilter.standing(Set.of(), Set.of("i2", "i3")));
        int[] users = IntStream.range(0, MODEL.numUsers()).toArray();
        float[][] scratch = new float[users.length][MODEL.numItems()];
        List<Recommendation> lists = new ArrayList<>();
        recommender.recommendKnown(MODEL, users, 5, scratch, lists::add);
        for (int user : users) {
            Recommendation one = recommender.recommend(MODEL, MODEL.userId(user), 5, ItemFilter.NONE);
            assertThat(lists.get(user).id()).isEqualTo(MODEL.userId(user));
            assertThat(lists.get(user).items()).containsExactly(one.items());
            assertThat(lists.get(user).scores()).containsExactly(one.scores());
        }
    }

    /** The bug this class closed: a user without a nightly list got the popular list with the withdrawn item in it. */
    @Test
    void theReadFunctionsFallbackObeysTheBatchRunsFilters() throws Exception {
        RecommendationStore empty = new RecommendationStore() {
            public void write(String runId, List<Entry> entries) {
            }

            public boolean finishShard(String runId, int shard, int shards, Duration ttl) {
                return false;
            }

            public Optional<String> currentRun() {
                return Optional.of("20261122T020000Z");
            }

            public Optional<String> read(String runId, String userId) {
                return Optional.empty();
            }

            public Optional<String> readSimilar(String runId, String itemId) {
                return Optional.empty();
            }
        };
        RecommendationsHandler handler = new RecommendationsHandler(empty, () -> MODEL,
                new Recommender(ItemFilter.standing(Set.of(), Set.of("i1", "i4"))), 3, dev.lambdarec.events.FreshEvents.NONE);
        JsonNode answer = handler.handle(JSON.readTree("{\"user\":\"new-user\"}"));
        assertThat(answer.get("fallback").asText()).isEqualTo("popular");
        assertThat(answer.get("run").asText()).isEqualTo("20261122T020000Z");
        assertThat(answer.get("items").findValuesAsText("item")).containsExactly("i7", "i10", "i13");
    }

    private static int[] bruteForce(int user, int k, java.util.function.IntPredicate allowed) {
        float[] scores = new float[MODEL.numItems()];
        MODEL.scorer().scoreAll(user, scores);
        Set<Integer> seen = new java.util.HashSet<>();
        for (int n = MODEL.scorer().seen().start(user); n < MODEL.scorer().seen().end(user); n++) {
            seen.add(MODEL.scorer().seen().items()[n]);
        }
        return IntStream.range(0, scores.length).filter(i -> !seen.contains(i) && allowed.test(i)).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparing(i -> i)).limit(k).mapToInt(Integer::intValue).toArray();
    }
}
