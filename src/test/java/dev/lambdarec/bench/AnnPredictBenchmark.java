package dev.lambdarec.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.model.AnnIndex;
import dev.lambdarec.model.FactorScorer;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.model.UserItems;
import dev.lambdarec.serve.PredictLimits;
import dev.lambdarec.serve.Predictor;
import dev.lambdarec.testing.TestData;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Top-10 through the predict handler for a 1,000,000-item factor model served through its HNSW index (JMH
 * sample time, for percentiles): a TF-Serving body parsed, the user's vector asked of the index for 100
 * candidates, re-scored, seen items removed, the answer built. Items are AnnBench's factor-like vectors (64 dims,
 * log-normal norms), 10,000 users with 20 seen items each; a different user every call. The index is built in
 * the setup (about 4 minutes on 2 cores). Run with scripts/bench-predict.sh ann.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx8g")
public class AnnPredictBenchmark {
    private static final int ITEMS = 1_000_000;
    private static final int USERS = 10_000;
    private static final int DIMS = 64;
    private static final int SEEN = 20;

    private ServingModel model;
    private Predictor predictor;
    private JsonNode[] bodies;
    private int next;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        SplittableRandom random = new SplittableRandom(17);
        float[] items = TestData.factorLikeVectors(ITEMS, DIMS, 0.5, random);
        float[] users = new float[USERS * DIMS];
        for (int i = 0; i < users.length; i++) {
            users[i] = (float) random.nextGaussian();
        }
        int[] seenUsers = new int[USERS * SEEN];
        int[] seenItems = new int[USERS * SEEN];
        for (int n = 0; n < seenUsers.length; n++) {
            seenUsers[n] = n / SEEN;
            seenItems[n] = random.nextInt(ITEMS); // a repeat is one seen item the fewer, harmless here
        }
        FactorScorer scorer = new FactorScorer(users, items, DIMS, null, null, 0f, UserItems.of(USERS, seenUsers, seenItems, null));
        long started = System.nanoTime();
        AnnIndex index = AnnIndex.build(scorer.retrievalVectors(), scorer.retrievalDimension(), new AnnIndex.Parameters(16, 100, 42));
        System.out.printf("%nindex over %,d items built in %.1f s%n", ITEMS, (System.nanoTime() - started) / 1e9);
        String[] userIds = new String[USERS];
        String[] itemIds = new String[ITEMS];
        for (int u = 0; u < USERS; u++) {
            userIds[u] = "u" + u;
        }
        for (int i = 0; i < ITEMS; i++) {
            itemIds[i] = "i" + i;
        }
        ModelCard card = new ModelCard(1, "bench", "ials", FactorScorer.FAMILY, "bench", Map.of(), Map.of(), Map.of(),
                "now", USERS, ITEMS, Map.of(), List.of(), "bench", null, null, null);
        model = ServingModel.of(card, scorer.withIndex(index), userIds, itemIds, java.util.Collections.nCopies(ITEMS, java.util.Set.of()));
        predictor = new Predictor(PredictLimits.DEFAULT);
        ObjectMapper json = new ObjectMapper();
        bodies = new JsonNode[1_000];
        for (int b = 0; b < bodies.length; b++) {
            bodies[b] = json.readTree("{\"instances\":[{\"user\":\"u" + random.nextInt(USERS) + "\",\"k\":10}]}");
        }
        JsonNode answer = predictor.predict(model, bodies[0]);
        if (answer.path("predictions").path(0).path("items").size() != 10) {
            throw new IllegalStateException("the handler did not answer 10 items: " + answer);
        }
    }

    @Benchmark
    public JsonNode top10Of1MillionItemsThroughTheIndex() {
        next = (next + 1) % bodies.length;
        return predictor.predict(model, bodies[next]);
    }
}
