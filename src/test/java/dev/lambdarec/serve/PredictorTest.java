package dev.lambdarec.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.model.FactorScorer;
import dev.lambdarec.model.FoldedUser;
import dev.lambdarec.model.History;
import dev.lambdarec.model.ImplicitAlsFoldIn;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.model.UserItems;
import dev.lambdarec.common.BadRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

public class PredictorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final ServingModel MODEL = model("m-1", 1);
    private final Predictor predictor = new Predictor(new PredictLimits(50, 20, 100, 20_000, PredictLimits.LAMBDA_ANSWER_BYTES));

    /** 30 users "u1".."u30", 40 items "i1".."i40", random factors; user u saw items 0..u%5; items alternate genres. */
    public static ServingModel model(String id, long seed) {
        int users = 30;
        int items = 40;
        int k = 4;
        SplittableRandom random = new SplittableRandom(seed);
        float[] p = new float[users * k];
        float[] q = new float[items * k];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) random.nextGaussian();
        }
        List<Integer> su = new ArrayList<>();
        List<Integer> si = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            for (int i = 0; i <= u % 5; i++) {
                su.add(u);
                si.add(i * 3);
            }
        }
        UserItems seen = UserItems.of(users, su.stream().mapToInt(Integer::intValue).toArray(), si.stream().mapToInt(Integer::intValue).toArray(), null);
        String[] userIds = new String[users];
        String[] itemIds = new String[items];
        List<Set<String>> genres = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            userIds[u] = "u" + (u + 1);
        }
        for (int i = 0; i < items; i++) {
            itemIds[i] = "i" + (i + 1);
            genres.add(i % 2 == 0 ? Set.of("Comedy") : Set.of("Drama", "War"));
        }
        ModelCard card = new ModelCard(1, id, "test", FactorScorer.FAMILY, "d", Map.of(), Map.of(), Map.of(), "now",
                users, items, Map.of(), List.of(), "test", null, null, null);
        return ServingModel.of(card, new FactorScorer(p, q, k, null, null, 0f, seen), userIds, itemIds, genres);
    }

    private JsonNode predict(String body) throws Exception {
        return predictor.predict(MODEL, JSON.readTree(body));
    }

    @Test
    void pairScoresEqualTheScorers() throws Exception {
        JsonNode rows = predict("{\"instances\":[{\"user\":\"u3\",\"item\":\"i7\"},{\"user\":\"u10\",\"item\":\"i1\"}]}");
        assertThat(rows.get("model").asText()).isEqualTo("m-1");
        assertThat(rows.get("predictions").get(0).floatValue()).isEqualTo(MODEL.scorer().score(2, 6));
        assertThat(rows.get("predictions").get(1).floatValue()).isEqualTo(MODEL.scorer().score(9, 0));
        JsonNode columns = predict("{\"inputs\":{\"user\":[\"u3\",\"u10\"],\"item\":[\"i7\",\"i1\"]}}");
        assertThat(columns.get("predictions")).isEqualTo(rows.get("predictions"));
    }

    @Test
    void unknownIdsGetAPerInstanceError() throws Exception {
        JsonNode response = predict("{\"instances\":[{\"user\":\"u3\",\"item\":\"nope\"},{\"user\":\"ghost\",\"item\":\"i1\"},{\"user\":3,\"item\":\"i1\"}]}");
        assertThat(response.get("predictions").get(0).isNull()).isTrue();
        assertThat(response.get("predictions").get(1).isNull()).isTrue();
        assertThat(response.get("errors").get(0).get("error").asText()).isEqualTo("unknown item 'nope'");
        assertThat(response.get("errors").get(1).get("error").asText()).isEqualTo("unknown user 'ghost'");
        assertThat(response.get("errors").get(2).get("error").asText()).isEqualTo("unknown user '3'");
    }

    @Test
    void oneHotInstances() throws Exception {
        int[] user = new int[30];
        int[] item = new int[40];
        user[4] = 1;
        item[11] = 1;
        JsonNode response = predict("{\"instances\":[{\"input_1\":" + JSON.writeValueAsString(user) + ",\"input_2\":" + JSON.writeValueAsString(item) + "}]}");
        assertThat(response.get("predictions").get(0).get(0).floatValue()).isEqualTo(MODEL.scorer().score(4, 11));
    }

    @Test
    void topKIsRankedUnseenAndFiltered() throws Exception {
        JsonNode response = predict("{\"instances\":[{\"user\":\"u5\",\"k\":5}]}");
        JsonNode items = response.get("predictions").get(0).get("items");
        assertThat(items).hasSize(5);
        float[] scores = new float[40];
        MODEL.scorer().scoreAll(4, scores);
        float previous = Float.MAX_VALUE;
        for (JsonNode entry : items) {
            int item = MODEL.itemIndex(entry.get("item").asText());
            assertThat(MODEL.scorer().seen().contains(4, item)).isFalse();
            assertThat(entry.get("score").floatValue()).isEqualTo(scores[item]).isLessThanOrEqualTo(previous);
            previous = entry.get("score").floatValue();
        }
        assertThat(response.get("predictions").get(0).has("fallback")).isFalse();

        JsonNode filtered = predict("{\"instances\":[{\"user\":\"u5\",\"k\":20,\"genres\":[\"War\"],\"exclude\":[\"i2\"]}]}");
        for (JsonNode entry : filtered.get("predictions").get(0).get("items")) {
            int item = MODEL.itemIndex(entry.get("item").asText());
            assertThat(item % 2).isEqualTo(1);
            assertThat(entry.get("item").asText()).isNotEqualTo("i2");
        }
        JsonNode included = predict("{\"instances\":[{\"user\":\"u5\",\"k\":10,\"include\":[\"i2\",\"i3\",\"i1\"]}]}");
        assertThat(included.get("predictions").get(0).get("items")).hasSize(2); // i1 is seen by u5
    }

    @Test
    void unknownUsersGetThePopularListFlagged() throws Exception {
        JsonNode prediction = predict("{\"instances\":[{\"user\":\"newcomer\",\"k\":3}]}").get("predictions").get(0);
        assertThat(prediction.get("fallback").asText()).isEqualTo("popular");
        assertThat(prediction.get("items").get(0).get("item").asText()).isEqualTo("i1"); // seen by every user
        assertThat(prediction.get("items").get(1).get("item").asText()).isEqualTo("i4");
    }

    /** The test model with iALS's fold-in rule attached: what a model trained today carries. */
    private static final ServingModel FOLDING = ServingModel.of(MODEL.card(), ((FactorScorer) MODEL.scorer())
            .withFoldIn(new ImplicitAlsFoldIn(8, false, 1, false, 3, 0.02, 1)), ids(MODEL, true), ids(MODEL, false), genres(MODEL));

    private static String[] ids(ServingModel model, boolean users) {
        return IntStream.range(0, users ? model.numUsers() : model.numItems()).mapToObj(n -> users ? model.userId(n) : model.itemId(n))
                .toArray(String[]::new);
    }

    private static List<Set<String>> genres(ServingModel model) {
        return IntStream.range(0, model.numItems()).mapToObj(i -> i % 2 == 0 ? Set.of("Comedy") : Set.of("Drama", "War")).toList();
    }

    @Test
    void aHistoryIsFoldedInAndLeftOutOfTheList() throws Exception {
        JsonNode response = predictor.predict(FOLDING, JSON.readTree(
                "{\"instances\":[{\"history\":[\"i2\",\"i5\",{\"item\":\"i9\",\"timestamp\":\"2026-12-01T10:00:00Z\",\"value\":1}],\"k\":20}]}"));
        JsonNode prediction = response.get("predictions").get(0);
        assertThat(prediction.has("fallback")).as("a personal list").isFalse();
        assertThat(response.has("errors")).isFalse();
        FoldedUser user = FOLDING.scorer().foldIn(new History(new int[] {1, 4, 8}, new float[] {Float.NaN, Float.NaN, 1}), -1);
        float previous = Float.MAX_VALUE;
        for (JsonNode entry : prediction.get("items")) {
            assertThat(entry.get("item").asText()).isNotIn("i2", "i5", "i9");
            float score = entry.get("score").floatValue();
            assertThat(score).isEqualTo(user.score(FOLDING.itemIndex(entry.get("item").asText()))).isLessThanOrEqualTo(previous);
            previous = score;
        }
        assertThat(prediction.get("items")).hasSize(20);
    }

    @Test
    void aKnownUsersHistoryIsMergedWithWhatTheModelKnows() throws Exception {
        JsonNode prediction = predictor.predict(FOLDING, JSON.readTree("{\"instances\":[{\"user\":\"u5\",\"history\":[\"i2\"],\"k\":20}]}"))
                .get("predictions").get(0);
        assertThat(prediction.get("user").asText()).isEqualTo("u5");
        List<String> items = new ArrayList<>();
        prediction.get("items").forEach(entry -> items.add(entry.get("item").asText()));
        assertThat(items).hasSize(20).doesNotContain("i2", "i1", "i4", "i7", "i10", "i13"); // u5 saw items 0, 3, .., 12
        FoldedUser merged = FOLDING.scorer().foldIn(new History(new int[] {1}, new float[] {Float.NaN}), 4);
        assertThat(prediction.get("items").get(0).get("score").floatValue()).isEqualTo(merged.score(FOLDING.itemIndex(items.get(0))));
    }

    @Test
    void unknownHistoryItemsAreReportedAndANewUserWithNoneKnownGetsPopular() throws Exception {
        JsonNode some = predictor.predict(FOLDING, JSON.readTree("{\"instances\":[{\"history\":[\"i2\",\"nope\"],\"k\":3}]}"));
        assertThat(some.get("errors").get(0).get("error").asText()).contains("instances[0].history has items the model does not know, left out: 'nope'");
        assertThat(some.get("predictions").get(0).has("fallback")).isFalse();
        JsonNode none = predictor.predict(FOLDING, JSON.readTree("{\"instances\":[{\"history\":[\"nope\",\"gone\"],\"k\":3}]}"));
        assertThat(none.get("predictions").get(0).get("fallback").asText()).isEqualTo("popular");
        assertThat(none.get("errors").get(0).get("error").asText()).contains("none is known, so the list is the popular one");
    }

    @Test
    void aModelWithoutAFoldInRuleSaysSo() {
        assertThatThrownBy(() -> predict("{\"instances\":[{\"history\":[\"i2\"],\"k\":3}]}")).isInstanceOf(BadRequestException.class)
                .hasMessage("instances[0].history: this factor model carries no fold-in rule (trained before fold-in, or a factorization "
                        + "machine): it cannot fold in a history");
    }

    /** Recent events in memory, as the events function leaves them in Redis (newest first). */
    private static final class MemoryEvents implements dev.lambdarec.events.RecentEvents {
        final Map<String, List<String>> lists = new java.util.HashMap<>();
        boolean down;

        @Override
        public void add(String subject, List<String> events, int keep, java.time.Duration ttl) {
            List<String> list = lists.computeIfAbsent(subject, s -> new ArrayList<>());
            for (String event : events) {
                list.add(0, event);
            }
        }

        @Override
        public List<String> recent(String subject, int max) {
            if (down) {
                throw new IllegalStateException("Redis failed reading the events of " + subject + ": Connection refused");
            }
            return lists.getOrDefault(subject, List.of());
        }
    }

    @Test
    void recentEventsAreFoldedInOrAtLeastNeverRecommendedBack() throws Exception {
        MemoryEvents events = new MemoryEvents();
        events.add("user:u5", List.of("{\"item\":\"i2\",\"type\":\"click\"}", "{\"item\":\"i6\",\"type\":\"view\"}"), 50, null);
        events.add("session:s-1", List.of("{\"item\":\"i2\",\"type\":\"view\"}"), 50, null);
        Predictor fresh = new Predictor(new PredictLimits(50, 20, 100, 20_000, PredictLimits.LAMBDA_ANSWER_BYTES),
                dev.lambdarec.recommend.Recommender.unfiltered(), new dev.lambdarec.events.FreshEvents(events, 50, 1));
        JsonNode folded = fresh.predict(FOLDING, JSON.readTree("{\"instances\":[{\"user\":\"u5\",\"k\":20},{\"session\":\"s-1\",\"k\":5},"
                + "{\"session\":\"s-none\",\"k\":5}]}")).get("predictions");
        assertThat(folded.get(0).get("fresh_events").asInt()).isEqualTo(2);
        FoldedUser merged = FOLDING.scorer().foldIn(new History(new int[] {5, 1}, new float[] {Float.NaN, Float.NaN}), 4);
        assertThat(folded.get(0).get("items").get(0).get("score").floatValue())
                .isEqualTo(merged.score(FOLDING.itemIndex(folded.get(0).get("items").get(0).get("item").asText())));
        assertThat(folded.get(0).get("items").findValuesAsText("item")).doesNotContain("i2", "i6", "i1", "i4");
        assertThat(folded.get(1).get("session").asText()).isEqualTo("s-1");
        assertThat(folded.get(1).has("user")).isFalse();
        assertThat(folded.get(1).get("items").findValuesAsText("item")).hasSize(5).doesNotContain("i2");
        assertThat(folded.get(2).get("fallback").asText()).as("a session without events").isEqualTo("popular");

        // a model without a fold-in rule still never recommends back what was just touched
        JsonNode plain = fresh.predict(MODEL, JSON.readTree("{\"instances\":[{\"user\":\"u5\",\"k\":20}]}")).get("predictions").get(0);
        assertThat(plain.has("fresh_events")).isFalse();
        assertThat(plain.get("items").findValuesAsText("item")).hasSize(20).doesNotContain("i2", "i6");
        // Redis not answering costs the freshness, not the answer
        events.down = true;
        JsonNode without = fresh.predict(FOLDING, JSON.readTree("{\"instances\":[{\"user\":\"u5\",\"k\":5}]}")).get("predictions").get(0);
        assertThat(without.get("items")).hasSize(5);
        assertThat(without.has("fresh_events")).isFalse();
    }

    static Stream<Arguments> malformed() {
        String hot30 = "[" + "0,".repeat(29) + "1]";
        String hot40 = "[" + "0,".repeat(39) + "1]";
        return Stream.of(
                Arguments.of("[]", "body must be a JSON object"),
                Arguments.of("\"hello\"", "body must be a JSON object"),
                Arguments.of("{}", "give exactly one of \"instances\""),
                Arguments.of("{\"instances\":[],\"inputs\":{}}", "give exactly one of"),
                Arguments.of("{\"instance\":[]}", "unknown field 'instance'"),
                Arguments.of("{\"instances\":{}}", "instances must be an array"),
                Arguments.of("{\"instances\":[]}", "instances is empty"),
                Arguments.of("{\"instances\":[1]}", "instances[0] must be an object"),
                Arguments.of("{\"instances\":[{\"user\":\"u1\"}]}", "instances[0].item is missing"),
                Arguments.of("{\"instances\":[{\"item\":\"i1\"}]}", "instances[0].user is missing"),
                Arguments.of("{\"instances\":[{\"user\":\"u1\",\"item\":\"i1\",\"color\":1}]}", "instances[0] has unknown field 'color'"),
                Arguments.of("{\"instances\":[{\"user\":\"\",\"item\":\"i1\"}]}", "instances[0].user must be a non-empty string"),
                Arguments.of("{\"instances\":[{\"user\":1.5,\"item\":\"i1\"}]}", "instances[0].user must be a non-empty string or a whole number, was 1.5"),
                Arguments.of("{\"instances\":[{\"user\":\"u1\",\"item\":[\"i1\"]}]}", "instances[0].item must be a non-empty string"),
                Arguments.of("{\"instances\":[{\"user\":\"u1\",\"item\":\"i1\"},{\"user\":\"u1\",\"k\":3}]}", "instances[1] has unknown field 'k'"),
                Arguments.of("{\"instances\":[{\"user\":\"u1\",\"item\":\"i1\"},\"x\"]}", "instances[1] must be an object"),
                Arguments.of("{\"instances\":[" + "{\"user\":\"u1\",\"item\":\"i1\"},".repeat(50) + "{\"user\":\"u1\",\"item\":\"i1\"}]}", "instances has 51 entries; at most 50"),
                Arguments.of("{\"instances\":[{\"user\":\"u1\",\"k\":0}]}", "instances[0].k must be a whole number between 1 and 20, was 0"),
                Arguments.of("{\"instances\":[{\"user\":\"u1\",\"k\":21}]}", "instances[0].k must be a whole number between 1 and 20, was 21"),
                Arguments.of("{\"instances\":[{\"user\":\"u1\",\"k\":\"10\"}]}", "instances[0].k must be a whole number"),
                Arguments.of("{\"instances\":[{\"user\":\"u1\",\"k\":2.5}]}", "instances[0].k must be a whole number"),
                Arguments.of("{\"instances\":[{\"k\":3}]}", "instances[0].user is missing"),
                Arguments.of("{\"instances\":[{\"user\":\"u1\",\"k\":3,\"exclude\":\"i1\"}]}", "instances[0].exclude must be an array of item ids"),
                Arguments.of("{\"instances\":[{\"user\":\"u1\",\"k\":3,\"include\":[{}]}]}", "instances[0].include[0] must be a non-empty string"),
                Arguments.of("{\"instances\":[{\"user\":\"u1\",\"k\":3,\"genres\":[]}]}", "instances[0].genres must be a non-empty array"),
                Arguments.of("{\"instances\":[{\"user\":\"u1\",\"k\":3,\"genres\":[7]}]}", "instances[0].genres[0] must be a string"),
                Arguments.of("{\"instances\":[{\"user\":\"u1\",\"k\":3,\"exclude\":" + "[\"i1\"".concat(",\"i1\"".repeat(100)) + "]}]}", "instances[0].exclude has 101 items; at most 100"),
                Arguments.of("{\"instances\":[{\"user\":\"u1\",\"k\":3,\"boost\":true}]}", "instances[0] has unknown field 'boost'"),
                Arguments.of("{\"instances\":[{\"history\":\"i1\",\"k\":3}]}", "instances[0].history must be an array of item ids or"),
                Arguments.of("{\"instances\":[{\"history\":[1.5],\"k\":3}]}", "instances[0].history[0] must be a non-empty string or a whole number"),
                Arguments.of("{\"instances\":[{\"history\":[{\"value\":1}],\"k\":3}]}", "instances[0].history[0].item is missing"),
                Arguments.of("{\"instances\":[{\"history\":[{\"item\":\"i1\",\"rating\":1}],\"k\":3}]}", "instances[0].history[0] has unknown field 'rating'"),
                Arguments.of("{\"instances\":[{\"history\":[{\"item\":\"i1\",\"value\":\"4\"}],\"k\":3}]}", "instances[0].history[0].value must be a finite number, was \"4\""),
                Arguments.of("{\"instances\":[{\"history\":[{\"item\":\"i1\",\"timestamp\":\"yesterday\"}],\"k\":3}]}", "instances[0].history[0].timestamp must be an ISO-8601 instant"),
                Arguments.of("{\"instances\":[{\"history\":[{\"item\":\"i1\",\"timestamp\":1.5}],\"k\":3}]}", "instances[0].history[0].timestamp must be an ISO-8601 instant"),
                Arguments.of("{\"instances\":[{\"history\":" + "[\"i1\"".concat(",\"i1\"".repeat(100)) + "],\"k\":3}]}", "instances[0].history has 101 entries; at most 100"),
                Arguments.of("{\"instances\":[{\"item\":\"i1\",\"history\":[\"i2\"],\"k\":3}]}", "instances[0] has unknown field 'history'"),
                Arguments.of("{\"instances\":[{\"user\":\"u1\",\"session\":\"s\",\"k\":3}]}", "instances[0] names both a user and a session"),
                Arguments.of("{\"instances\":[{\"session\":\"\",\"k\":3}]}", "instances[0].session must be a non-empty string"),
                Arguments.of("{\"inputs\":[1,2]}", "inputs must be an object"),
                Arguments.of("{\"inputs\":{\"user\":[\"u1\"]}}", "inputs needs both \"user\" and \"item\" arrays"),
                Arguments.of("{\"inputs\":{\"user\":\"u1\",\"item\":\"i1\"}}", "inputs.user and inputs.item must be arrays"),
                Arguments.of("{\"inputs\":{\"user\":[\"u1\",\"u2\"],\"item\":[\"i1\"]}}", "inputs.user has 2 entries but inputs.item has 1"),
                Arguments.of("{\"inputs\":{\"user\":[],\"item\":[]}}", "inputs.user is empty"),
                Arguments.of("{\"inputs\":{\"user\":[\"u1\"],\"item\":[null]}}", "inputs.item[0] must be a non-empty string"),
                Arguments.of("{\"inputs\":{\"user\":[\"u1\"],\"item\":[\"i1\"],\"k\":[3]}}", "inputs has unknown field 'k'"),
                Arguments.of("{\"instances\":[{\"input_1\":[1,0],\"input_2\":" + hot40 + "}]}", "instances[0].input_1 has length 2; the model has 30 users"),
                Arguments.of("{\"instances\":[{\"input_1\":" + hot30 + "}]}", "instances[0].input_2 must be a one-hot array"),
                Arguments.of("{\"instances\":[{\"input_1\":" + hot30.replace("0,", "1,") + ",\"input_2\":" + hot40 + "}]}", "instances[0].input_1 has more than one 1"),
                Arguments.of("{\"instances\":[{\"input_1\":" + hot30.replace("1]", "0]") + ",\"input_2\":" + hot40 + "}]}", "instances[0].input_1 has no 1"),
                Arguments.of("{\"instances\":[{\"input_1\":" + hot30.replace("1]", "2]") + ",\"input_2\":" + hot40 + "}]}", "instances[0].input_1[29] must be 0 or 1, was 2"),
                Arguments.of("{\"instances\":[{\"input_1\":" + hot30 + ",\"input_2\":" + hot40 + ",\"input_3\":[]}]}", "instances[0] has unknown field 'input_3'"),
                Arguments.of("{\"instances\":[{\"user\":\"" + "u".repeat(300) + "\",\"item\":\"i1\"}]}", "instances[0].user is 300 characters long; ids have at most 256"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedBodiesGetAClearError(String body, String message) {
        assertThatThrownBy(() -> predict(body)).isInstanceOf(BadRequestException.class).hasMessageContaining(message);
    }

    @Test
    void corpusIsLarge() {
        assertThat(malformed().count()).isGreaterThanOrEqualTo(30);
    }
}
