package dev.lambdarec.batch.redis;

import dev.lambdarec.batch.RecommendationStore;
import dev.lambdarec.batch.RecommendationStoreException;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The recommendation store on Redis: reads, shard tracking and the flip through the Vert.x Redis client that
 * quarkus-redis-client provides (the local runner creates one itself); the bulk writes as preformatted RESP
 * pipelines of SET ... EX on connections of its own ({@link RespPipeline}). Finished shards go
 * into a set per run; once the set holds every shard, a script sets rec:current in one step unless a later run
 * (run ids order runs: scheduled ones are yyyyMMdd'T'HHmmss'Z') is already current.
 */
public final class RedisRecommendationStore implements RecommendationStore {
    public static final String CURRENT = "rec:current";
    private static final long TIMEOUT_SECONDS = 30;

    private final Redis redis;
    private final URI bulkUri;
    private final BlockingQueue<RespPipeline> idle = new LinkedBlockingQueue<>();

    /**
     * @param redis   the client for reads, shard tracking and the flip
     * @param bulkUri the same server, for the batch writes' own connections (redis:// or rediss://)
     */
    public RedisRecommendationStore(Redis redis, URI bulkUri) {
        this.redis = redis;
        this.bulkUri = bulkUri;
    }

    static String key(String runId, String userId) {
        return "rec:" + runId + ":" + userId;
    }

    /** One pipelined round trip on a connection of this store's own (one per concurrent writer, reused). */
    @Override
    public void write(String runId, List<Entry> entries, Duration ttl) {
        List<String> keys = new ArrayList<>(entries.size());
        List<String> values = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            keys.add(key(runId, entry.userId()));
            values.add(entry.json());
        }
        RespPipeline connection = idle.poll();
        try {
            if (connection == null) {
                connection = new RespPipeline(bulkUri);
            }
            connection.setAll(keys, values, ttl.toSeconds());
            idle.add(connection);
        } catch (IOException e) {
            closeQuietly(connection); // a connection that failed mid-batch is not reused
            throw new RecommendationStoreException("Redis failed writing " + entries.size() + " lists of run " + runId
                    + " (" + bulkUri.getHost() + ":" + bulkUri.getPort() + "): " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(RespPipeline connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                // already broken
            }
        }
    }

    @Override
    public boolean finishShard(String runId, int shard, int shards, Duration ttl) {
        String done = "rec:" + runId + ":shards-done";
        List<Response> replies = await(redis.batch(List.of(
                Request.cmd(Command.SADD).arg(done).arg(shard),
                Request.cmd(Command.EXPIRE).arg(done).arg(ttl.toSeconds()),
                Request.cmd(Command.SCARD).arg(done))).toCompletionStage().toCompletableFuture(), "finishing shard " + shard + " of run " + runId);
        if (replies.get(2).toInteger() < shards) {
            return false;
        }
        Response flipped = await(redis.send(Request.cmd(Command.EVAL).arg(FLIP).arg(1).arg(CURRENT).arg(runId))
                .toCompletionStage().toCompletableFuture(), "flipping " + CURRENT);
        return flipped.toInteger() == 1;
    }

    /** One atomic step, and never back to an older run (a late re-run of an old shard leaves a newer run current). */
    private static final String FLIP = "local current = redis.call('GET', KEYS[1]) "
            + "if (not current) or current <= ARGV[1] then redis.call('SET', KEYS[1], ARGV[1]) return 1 end return 0";

    @Override
    public Optional<String> currentRun() {
        Response reply = await(redis.send(Request.cmd(Command.GET).arg(CURRENT)).toCompletionStage().toCompletableFuture(), "reading " + CURRENT);
        return Optional.ofNullable(reply).map(Response::toString);
    }

    @Override
    public Optional<String> read(String runId, String userId) {
        Response reply = await(redis.send(Request.cmd(Command.GET).arg(key(runId, userId))).toCompletionStage().toCompletableFuture(),
                "reading the list of user " + userId);
        return Optional.ofNullable(reply).map(Response::toString);
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new RecommendationStoreException("Redis failed " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new RecommendationStoreException("Redis did not answer within " + TIMEOUT_SECONDS + " s " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecommendationStoreException("interrupted " + what, e);
        }
    }
}
