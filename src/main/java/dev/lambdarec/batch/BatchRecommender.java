package dev.lambdarec.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.lambdarec.model.ServingModel;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import dev.lambdarec.model.TopK;
import dev.lambdarec.model.UserItems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * Writes every user of one shard (users u with u mod shards = shard) their top-K unseen items with the current
 * model: batches of users in parallel, each scored in small blocks (factor models stream every item column
 * once per block, see {@link dev.lambdarec.model.Scorer#scoreBlock}) with a bounded heap per user, and sent to
 * the store as one pipelined batch; then marks the shard finished, which flips {@code rec:current} once all
 * shards of the run have.
 */
public final class BatchRecommender {
    private static final Logger LOG = Logger.getLogger(BatchRecommender.class.getName());
    private static final JsonFactory JSON = new JsonFactory();
    /** Users scored together: their score rows (block x items floats) stay in cache while item columns stream by. */
    static final int SCORE_BLOCK = 16;

    /**
     * @param genres       when not empty, only items of these genres are recommended (as predict's {@code genres})
     * @param excludeItems external ids never recommended (as predict's {@code exclude})
     */
    public record Settings(int k, int batchSize, Duration ttl, java.util.Set<String> genres, java.util.Set<String> excludeItems) {
        public Settings(int k, int batchSize, Duration ttl) {
            this(k, batchSize, ttl, java.util.Set.of(), java.util.Set.of());
        }
    }

    public record Result(String runId, int shard, int shards, long users, boolean completedRun, double seconds) {
    }

    private final RecommendationStore store;
    private final Settings settings;
    private final Clock clock;

    public BatchRecommender(RecommendationStore store, Settings settings, Clock clock) {
        this.store = store;
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
        boolean[] banned = banned(model);
        UserItems seen = model.scorer().seen();
        IntStream.range(0, blocks).parallel().forEach(block -> {
            int from = block * settings.batchSize();
            int to = Math.min(users.length, from + settings.batchSize());
            List<RecommendationStore.Entry> entries = new ArrayList<>(to - from);
            float[][] scores = scratch.get();
            for (int start = from; start < to; start += SCORE_BLOCK) {
                int[] group = Arrays.copyOfRange(users, start, Math.min(to, start + SCORE_BLOCK));
                model.scorer().scoreBlock(group, scores);
                for (int g = 0; g < group.length; g++) {
                    int user = group[g];
                    if (banned != null) {
                        for (int item = 0; item < banned.length; item++) {
                            if (banned[item]) {
                                scores[g][item] = Float.NaN; // TopK skips NaN
                            }
                        }
                    }
                    int[] top = TopK.select(scores[g], settings.k(), seen.items(), seen.start(user), seen.end(user));
                    entries.add(new RecommendationStore.Entry(model.userId(user), json(model, user, top, scores[g], generatedAt)));
                }
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
        boolean completed = store.finishShard(request.runId(), request.shard(), request.shards(), settings.ttl());
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info(String.format("batch %s shard %d/%d: %,d users in %.2f s (%,.0f users/s)%s", request.runId(), request.shard(),
                request.shards(), users.length, seconds, users.length / Math.max(seconds, 1e-9),
                completed ? "; every shard done: rec:current -> " + request.runId() : ""));
        return new Result(request.runId(), request.shard(), request.shards(), users.length, completed, seconds);
    }

    /** Items the run's filters rule out, or null when there are no filters. */
    private boolean[] banned(ServingModel model) {
        if (settings.genres().isEmpty() && settings.excludeItems().isEmpty()) {
            return null;
        }
        boolean[] banned = new boolean[model.numItems()];
        for (int item = 0; item < banned.length; item++) {
            banned[item] = settings.excludeItems().contains(model.itemId(item))
                    || !settings.genres().isEmpty() && model.genres(item).stream().noneMatch(settings.genres()::contains);
        }
        return banned;
    }

    /** {"user","items":[{"item","score"}...],"model","generated_at"} (scores read back from the scratch vector). */
    private static String json(ServingModel model, int user, int[] top, float[] scores, String generatedAt) {
        StringWriter out = new StringWriter(64 + top.length * 32);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("user", model.userId(user));
            json.writeArrayFieldStart("items");
            for (int item : top) {
                json.writeStartObject();
                json.writeStringField("item", model.itemId(item));
                json.writeNumberField("score", scores[item]);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeStringField("model", model.modelId());
            json.writeStringField("generated_at", generatedAt);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
