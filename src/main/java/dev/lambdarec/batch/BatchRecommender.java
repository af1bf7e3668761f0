package dev.lambdarec.batch;

import dev.lambdarec.model.ServingModel;
import dev.lambdarec.recommend.Recommendation;
import dev.lambdarec.recommend.Recommender;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * Writes every user of one shard (users u with u mod shards = shard) their top-K unseen items with the current
 * model ({@link Recommender}): batches of users in parallel, each scored in small blocks (factor models stream every item column
 * once per block, see {@link dev.lambdarec.model.Scorer#scoreBlock}) with a bounded heap per user, and sent to
 * the store as one pipelined batch; then marks the shard finished, which flips {@code rec:current} once all
 * shards of the run have.
 */
public final class BatchRecommender {
    private static final Logger LOG = Logger.getLogger(BatchRecommender.class.getName());
    /** Users scored together: their score rows (block x items floats) stay in cache while item columns stream by. */
    static final int SCORE_BLOCK = 16;

    /** @param similarItems also write every item's similar items ({@code sim:<run>:<item>}, same k) */
    public record Settings(int k, int batchSize, Duration ttl, boolean similarItems) {
        public Settings(int k, int batchSize, Duration ttl) {
            this(k, batchSize, ttl, true);
        }
    }

    public record Result(String runId, int shard, int shards, long users, long items, boolean completedRun, double seconds) {
    }

    private final RecommendationStore store;
    private final Recommender recommender;
    private final Settings settings;
    private final Clock clock;

    /** @param recommender makes the lists, under its standing filter (the run's genres and excluded items) */
    public BatchRecommender(RecommendationStore store, Recommender recommender, Settings settings, Clock clock) {
        this.store = store;
        this.recommender = recommender;
        this.settings = settings;
        this.clock = clock;
    }

    public Result run(ServingModel model, BatchRequest request) {
        long started = System.nanoTime();
        int[] users = IntStream.range(0, model.numUsers()).filter(u -> u % request.shards() == request.shard()).toArray();
        int blocks = (users.length + settings.batchSize() - 1) / settings.batchSize();
        String generatedAt = clock.instant().toString();
        AtomicLong written = new AtomicLong();
        AtomicLong nextReport = new AtomicLong(System.nanoTime() + 5_000_000_000L);
        ThreadLocal<float[][]> scratch = ThreadLocal.withInitial(() -> new float[SCORE_BLOCK][model.numItems()]);
        IntStream.range(0, blocks).parallel().forEach(block -> {
            int from = block * settings.batchSize();
            int to = Math.min(users.length, from + settings.batchSize());
            List<RecommendationStore.Entry> entries = new ArrayList<>(to - from);
            float[][] scores = scratch.get();
            for (int start = from; start < to; start += SCORE_BLOCK) {
                int[] group = Arrays.copyOfRange(users, start, Math.min(to, start + SCORE_BLOCK));
                recommender.recommendKnown(model, group, settings.k(), scores,
                        list -> entries.add(new RecommendationStore.Entry(list.id(), json(model, list, generatedAt))));
            }
            store.write(request.runId(), entries);
            long done = written.addAndGet(entries.size());
            long now = System.nanoTime();
            long due = nextReport.get();
            if (now > due && nextReport.compareAndSet(due, now + 5_000_000_000L)) {
                double seconds = (now - started) / 1e9;
                LOG.info(String.format("batch %s shard %d/%d: %,d of %,d users written (%,.0f users/s), ETA %.0f s",
                        request.runId(), request.shard(), request.shards(), done, users.length, done / seconds,
                        (users.length - done) / Math.max(1e-9, done / seconds)));
            }
        });
        long items = settings.similarItems() ? writeSimilarItems(model, request, generatedAt) : 0;
        boolean completed = store.finishShard(request.runId(), request.shard(), request.shards(), settings.ttl());
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info(String.format("batch %s shard %d/%d: %,d users and %,d items in %.2f s (%,.0f lists/s)%s", request.runId(), request.shard(),
                request.shards(), users.length, items, seconds, (users.length + items) / Math.max(seconds, 1e-9),
                completed ? "; every shard done: rec:current -> " + request.runId() : ""));
        return new Result(request.runId(), request.shard(), request.shards(), users.length, items, completed, seconds);
    }

    /** The shard's items (i mod shards = shard) with their similar items, in parallel batches like the users. */
    private long writeSimilarItems(ServingModel model, BatchRequest request, String generatedAt) {
        int[] items = IntStream.range(0, model.numItems()).filter(i -> i % request.shards() == request.shard()).toArray();
        int blocks = (items.length + settings.batchSize() - 1) / settings.batchSize();
        ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[model.numItems()]);
        IntStream.range(0, blocks).parallel().forEach(block -> {
            int[] group = Arrays.copyOfRange(items, block * settings.batchSize(), Math.min(items.length, (block + 1) * settings.batchSize()));
            List<RecommendationStore.Entry> entries = new ArrayList<>(group.length);
            recommender.similarKnown(model, group, settings.k(), scratch.get(),
                    list -> entries.add(new RecommendationStore.Entry(list.id(), json(model, list, generatedAt), true)));
            store.write(request.runId(), entries);
        });
        return items.length;
    }

    /** {"user"|"item","items":[{"item","score"}...],"model","generated_at"}. */
    private static String json(ServingModel model, Recommendation list, String generatedAt) {
        return list.json(model).put("model", model.modelId()).put("generated_at", generatedAt).toString();
    }
}
