package dev.lambdarec.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.batch.BatchRecommender;
import dev.lambdarec.batch.BatchRequest;
import dev.lambdarec.batch.RecommendationStore;
import dev.lambdarec.batch.redis.RedisRecommendationStore;
import dev.lambdarec.functions.RecommendationsHandler;
import dev.lambdarec.local.LocalRedisServer;
import dev.lambdarec.model.ServingModel;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Batch benchmarks against a Redis server started here (embedded-redis 6.2): a whole run over a random factor
 * model (users/s, FLOP/s of the scoring), pipelined write throughput beside redis-benchmark's SET with the same
 * value size and pipeline depth, and read latency through the recommendations handler.
 * {@code BatchBench USERS ITEMS FACTORS} (scripts/bench-batch.sh).
 */
public final class BatchBench {
    public static void main(String[] args) throws Exception {
        int users = Integer.parseInt(args[0]);
        int items = Integer.parseInt(args[1]);
        int factors = Integer.parseInt(args[2]);
        Vertx vertx = Vertx.vertx();
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            RecommendationStore store = new RedisRecommendationStore(Redis.createClient(vertx, redis.uri()), java.net.URI.create(redis.uri()));
            long built = System.nanoTime();
            ServingModel model = PredictBenchmark.model(users, items, factors, 3, 20);
            System.out.printf("model %,d users x %,d items x %d factors built in %.1f s%n", users, items, factors, (System.nanoTime() - built) / 1e9);

            BatchRecommender batch = new BatchRecommender(store, dev.lambdarec.recommend.Recommender.unfiltered(), new BatchRecommender.Settings(10, 500, Duration.ofHours(1)), Clock.systemUTC());
            BatchRecommender.Result result = batch.run(model, new BatchRequest("bench", 0, 1));
            double flops = 2.0 * users * (double) items * factors;
            System.out.printf("run: %,d users in %.1f s = %,.0f users/s; scoring %.1f GFLOP/s (2 x users x items x factors / wall time, writes included)%n",
                    result.users(), result.seconds(), result.users() / result.seconds(), flops / result.seconds() / 1e9);

            writes(store, redis, 200_000, 1);
            writes(store, redis, 200_000, 2);
            reads(store, model, 20_000);
        } finally {
            vertx.close();
        }
        System.exit(0);
    }

    /** Pipelined SET EX batches of 500 lists from {@code writers} threads, then redis-benchmark with the same shape. */
    private static void writes(RecommendationStore store, LocalRedisServer redis, int n, int writers) throws Exception {
        String value = "{\"user\":\"u123456\",\"items\":[" + "{\"item\":\"i12345\",\"score\":1.2345678},".repeat(9)
                + "{\"item\":\"i12345\",\"score\":1.2345678}],\"model\":\"ials-0123456789ab\",\"generated_at\":\"2026-11-22T02:00:00Z\"}";
        List<RecommendationStore.Entry> batch = new ArrayList<>(500);
        for (int i = 0; i < n / 2; i++) { // warm-up: the JIT compiles the write path
            batch.add(new RecommendationStore.Entry("warm" + i, value));
            if (batch.size() == 500) {
                store.write("20260101T000000Z", batch);
                batch.clear();
            }
        }
        batch.clear();
        long started = System.nanoTime();
        java.util.stream.IntStream.range(0, writers).parallel().forEach(w -> {
            List<RecommendationStore.Entry> mine = new ArrayList<>(500);
            for (int i = w; i < n; i += writers) {
                mine.add(new RecommendationStore.Entry("w" + i, value));
                if (mine.size() == 500) {
                    store.write("20260101T000000Z", mine);
                    mine.clear();
                }
            }
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        double ours = n / seconds;
        System.out.printf("writes: %,d lists of %d bytes, pipeline 500, %d connection(s), after %,d warm-up writes: %,.0f SET/s%n",
                n, value.length(), writers, n / 2, ours);
        try {
            // the same command as ours: SET of a fresh key with the same value, EX 3600, same pipeline depth and connections
            Process p = new ProcessBuilder("redis-benchmark", "-p", Integer.toString(redis.port()), "-n", Integer.toString(n),
                    "-r", "100000000", "-P", "500", "-c", Integer.toString(writers), "-q",
                    "SET", "rec:bench:__rand_int__", value, "EX", "3600").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(120, TimeUnit.SECONDS);
            System.out.println("redis-benchmark -r 100000000 -P 500 -c " + writers + " SET rec:bench:__rand_int__ <" + value.length()
                    + " bytes> EX 3600: " + out.replaceAll(".*\r", ""));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(": ([0-9.]+) requests per second").matcher(out);
            if (m.find()) {
                System.out.printf("ours / redis-benchmark = %.0f%%%n", 100 * ours / Double.parseDouble(m.group(1)));
            }
        } catch (java.io.IOException e) {
            System.out.println("redis-benchmark not installed (apt-get install redis-tools): no comparison");
        }
    }

    /** The read function's handler, one user at a time, percentiles of the later half. */
    private static void reads(RecommendationStore store, ServingModel model, int n) {
        RecommendationsHandler handler = new RecommendationsHandler(store, null, dev.lambdarec.recommend.Recommender.unfiltered(), 10,
                dev.lambdarec.events.FreshEvents.NONE);
        ObjectMapper json = new ObjectMapper();
        SplittableRandom random = new SplittableRandom(5);
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            var body = json.createObjectNode().put("user", model.userId(random.nextInt(model.numUsers())));
            long t = System.nanoTime();
            var answer = handler.handle(body);
            nanos[i] = System.nanoTime() - t;
            if (answer.has("error") || answer.has("fallback")) {
                throw new IllegalStateException("read failed: " + answer);
            }
        }
        long[] later = Arrays.copyOfRange(nanos, n / 2, n);
        Arrays.sort(later);
        System.out.printf("reads through the recommendations handler: p50 %.0f us, p99 %.0f us%n",
                later[later.length / 2] / 1e3, later[(int) (later.length * 0.99)] / 1e3);
    }
}
