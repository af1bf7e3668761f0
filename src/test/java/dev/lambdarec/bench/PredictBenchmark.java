package dev.lambdarec.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.model.FactorScorer;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.model.UserItems;
import dev.lambdarec.serve.PredictLimits;
import dev.lambdarec.serve.Predictor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process serving latency (JMH, sample-time mode for percentiles): scoring a 100-pair request through the
 * predictor, and top-10 for one user over 10,000 items with 64 factors. Run with scripts/bench-predict.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PredictBenchmark {
    private ServingModel model;
    private Predictor predictor;
    private JsonNode hundredPairs;
    private float[] scratch;
    private int user;
    private ServingModel folding;
    private JsonNode fiftyItemHistory;

    @Setup
    public void setup() throws Exception {
        model = model(20_000, 10_000, 64, 7, 50);
        predictor = new Predictor(PredictLimits.DEFAULT);
        SplittableRandom random = new SplittableRandom(1);
        StringBuilder body = new StringBuilder("{\"instances\":[");
        for (int n = 0; n < 100; n++) {
            body.append(n == 0 ? "" : ",").append("{\"user\":\"u").append(random.nextInt(20_000))
                    .append("\",\"item\":\"i").append(random.nextInt(10_000)).append("\"}");
        }
        hundredPairs = new ObjectMapper().readTree(body.append("]}").toString());
        scratch = new float[10_000];
        user = 1234;
        // iALS with 128 factors over 10,000 items, the rule its trainer attaches; an unknown user with 50 items
        ServingModel wide = model(1_000, 10_000, 128, 8, 5);
        folding = ServingModel.of(wide.card(), ((FactorScorer) wide.scorer()).withFoldIn(
                new dev.lambdarec.model.ImplicitAlsFoldIn(8, false, 1, false, 3, 0.02, 1)), ids(wide, true), ids(wide, false), noGenres(10_000));
        StringBuilder history = new StringBuilder("{\"instances\":[{\"user\":\"newcomer\",\"k\":10,\"history\":[");
        random.ints(0, 10_000).distinct().limit(50).forEach(i -> history.append(history.charAt(history.length() - 1) == '[' ? "" : ",")
                .append("\"i").append(i).append('"'));
        fiftyItemHistory = new ObjectMapper().readTree(history.append("]}]}").toString());
        predictor.predict(folding, fiftyItemHistory); // the item Gramian, once per model
    }

    /** Top-10 for an unknown user folded in from a 50-item history: parse, solve (k = 128), score 10,000 items, select. */
    @Benchmark
    public JsonNode foldInTop10From50ItemHistory() {
        return predictor.predict(folding, fiftyItemHistory);
    }

    private static String[] ids(ServingModel model, boolean users) {
        return java.util.stream.IntStream.range(0, users ? model.numUsers() : model.numItems())
                .mapToObj(n -> users ? model.userId(n) : model.itemId(n)).toArray(String[]::new);
    }

    private static List<Set<String>> noGenres(int items) {
        return java.util.Collections.nCopies(items, Set.of());
    }

    @Benchmark
    public JsonNode score100Pairs() {
        return predictor.predict(model, hundredPairs);
    }

    @Benchmark
    public int[] top10Of10000Items() {
        return model.scorer().recommend(user, 10, scratch);
    }

    /** A factor model with random weights and {@code seenPerUser} distinct seen items per user. */
    static ServingModel model(int users, int items, int k, long seed, int seenPerUser) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] p = new float[users * k];
        float[] q = new float[items * k];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) random.nextGaussian();
        }
        int[] su = new int[users * seenPerUser];
        int[] si = new int[users * seenPerUser];
        for (int u = 0; u < users; u++) {
            Set<Integer> seen = new HashSet<>();
            while (seen.size() < seenPerUser) {
                seen.add(random.nextInt(items));
            }
            int n = u * seenPerUser;
            for (int item : seen) {
                su[n] = u;
                si[n++] = item;
            }
        }
        String[] userIds = new String[users];
        String[] itemIds = new String[items];
        List<Set<String>> genres = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            userIds[u] = "u" + u;
        }
        for (int i = 0; i < items; i++) {
            itemIds[i] = "i" + i;
            genres.add(Set.of());
        }
        ModelCard card = new ModelCard(1, "bench", "ials", FactorScorer.FAMILY, "bench", Map.of(), Map.of(), Map.of(),
                "now", users, items, Map.of(), List.of(), "bench", null, null, null);
        return ServingModel.of(card, new FactorScorer(p, q, k, null, null, 0f, UserItems.of(users, su, si, null)), userIds, itemIds, genres);
    }
}
