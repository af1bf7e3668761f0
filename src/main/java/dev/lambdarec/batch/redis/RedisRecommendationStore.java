package dev.lambdarec.batch.redis;

import dev.lambdarec.batch.RecommendationStore;
import dev.lambdarec.batch.RecommendationStoreException;
import dev.lambdarec.batch.RunIds;
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
 * pipelines of SET on connections of its own ({@link RespPipeline}); key layout in {@link RedisKeys}. Finished
 * shards go into a set per run; once the set holds every shard, a script sets rec:current in one step unless a
 * later run is already current, and the runs it replaced get their TTL.
 */
public final class RedisRecommendationStore implements RecommendationStore {
    public static final String CURRENT = RedisKeys.CURRENT;
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
        return RedisKeys.list(runId, userId);
    }

    /** One pipelined round trip on a connection of this store's own (one per concurrent writer, reused). */
    @Override
    public void write(String runId, List<Entry> entries) {
        List<String> keys = new ArrayList<>(entries.size());
        List<String> values = new ArrayList<>(entries.size());
        List<String> users = new ArrayList<>(List.of("SADD", RedisKeys.users(runId)));
        List<String> items = new ArrayList<>(List.of("SADD", RedisKeys.items(runId)));
        for (Entry entry : entries) {
            keys.add(entry.item() ? RedisKeys.similar(runId, entry.id()) : key(runId, entry.id()));
            values.add(entry.json());
            (entry.item() ? items : users).add(entry.id());
        }
        List<List<String>> bookkeeping = new ArrayList<>();
        bookkeeping.add(List.of("ZADD", RedisKeys.RUNS, "NX", Long.toString(RunIds.instant(runId).toEpochMilli()), runId));
        for (List<String> members : List.of(users, items)) {
            if (members.size() > 2) {
                bookkeeping.add(members);
            }
        }
        try {
            withConnection(connection -> connection.setAll(keys, values, entries.isEmpty() ? List.of() : bookkeeping));
        } catch (IOException e) {
            throw new RecommendationStoreException("Redis failed writing " + entries.size() + " lists of run " + runId
                    + " (" + bulkUri.getHost() + ":" + bulkUri.getPort() + "): " + e.getMessage(), e);
        }
    }

    private interface Pipelined {
        void run(RespPipeline connection) throws IOException;
    }

    private void withConnection(Pipelined work) throws IOException {
        RespPipeline connection = idle.poll();
        try {
            if (connection == null) {
                connection = new RespPipeline(bulkUri);
            }
            work.run(connection);
            idle.add(connection);
        } catch (IOException | RuntimeException e) {
            closeQuietly(connection); // a connection that failed mid-batch is not reused
            throw e;
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
        String done = RedisKeys.shardsDone(runId);
        List<Response> replies = await(redis.batch(List.of(
                Request.cmd(Command.SADD).arg(done).arg(shard),
                Request.cmd(Command.EXPIRE).arg(done).arg(ttl.toSeconds()),
                Request.cmd(Command.SCARD).arg(done))).toCompletionStage().toCompletableFuture(), "finishing shard " + shard + " of run " + runId);
        if (replies.get(2).toInteger() < shards) {
            return false;
        }
        Response flipped = await(redis.send(Request.cmd(Command.EVAL).arg(FLIP).arg(1).arg(RedisKeys.CURRENT).arg(runId))
                .toCompletionStage().toCompletableFuture(), "flipping " + RedisKeys.CURRENT);
        boolean live = flipped != null && flipped.toInteger() == 1;
        expireReplaced(live ? runId : null, live ? null : runId, ttl);
        return live;
    }

    /**
     * One atomic step, and only forward in time: run ids are compared by instant (whole seconds and milliseconds
     * alike, the key {@link RunIds#orderKey} computes), so a late re-run of an old shard leaves a newer run current.
     */
    private static final String FLIP = "local function order(id) local ms = '000' "
            + "if string.sub(id, 16, 16) == '.' then ms = string.sub(id, 17, 19) end "
            + "return string.sub(id, 1, 8) .. string.sub(id, 10, 15) .. ms end "
            + "local current = redis.call('GET', KEYS[1]) "
            + "if (not current) or order(current) <= order(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) return 1 end return 0";

    /**
     * Gives every run older than the live one (and {@code tooLate}, a run that completed after a newer one went live)
     * its TTL, then forgets it. Lists of the live run and of runs still in progress never get one. A failure here
     * leaves the runs listed, so the next flip expires them.
     */
    private void expireReplaced(String live, String tooLate, Duration ttl) {
        List<String> replaced = new ArrayList<>();
        if (tooLate != null) {
            replaced.add(tooLate);
        } else {
            Response older = await(redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(RedisKeys.RUNS).arg("-inf")
                    .arg("(" + RunIds.instant(live).toEpochMilli())).toCompletionStage().toCompletableFuture(), "listing replaced runs");
            for (Response run : older) {
                replaced.add(run.toString());
            }
        }
        for (String run : replaced) {
            expireLists(run, RedisKeys.users(run), user -> key(run, user), ttl);
            expireLists(run, RedisKeys.items(run), item -> RedisKeys.similar(run, item), ttl);
            await(redis.batch(List.of(Request.cmd(Command.EXPIRE).arg(RedisKeys.users(run)).arg(ttl.toSeconds()),
                    Request.cmd(Command.EXPIRE).arg(RedisKeys.items(run)).arg(ttl.toSeconds()),
                    Request.cmd(Command.ZREM).arg(RedisKeys.RUNS).arg(run))).toCompletionStage().toCompletableFuture(), "forgetting run " + run);
        }
    }

    /** Gives every list whose id the run's set names its TTL, a page of the set at a time. */
    private void expireLists(String run, String set, java.util.function.UnaryOperator<String> keyOf, Duration ttl) {
        String seconds = Long.toString(ttl.toSeconds());
        String cursor = "0";
        do {
            Response page = await(redis.send(Request.cmd(Command.SSCAN).arg(set).arg(cursor).arg("COUNT").arg(1000))
                    .toCompletionStage().toCompletableFuture(), "listing the lists of run " + run);
            cursor = page.get(0).toString();
            List<List<String>> expires = new ArrayList<>();
            for (Response id : page.get(1)) {
                expires.add(List.of("EXPIRE", keyOf.apply(id.toString()), seconds));
            }
            if (!expires.isEmpty()) {
                try {
                    withConnection(connection -> connection.run(expires));
                } catch (IOException e) {
                    throw new RecommendationStoreException("Redis failed expiring run " + run + ": " + e.getMessage(), e);
                }
            }
        } while (!cursor.equals("0"));
    }

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

    @Override
    public Optional<String> readSimilar(String runId, String itemId) {
        Response reply = await(redis.send(Request.cmd(Command.GET).arg(RedisKeys.similar(runId, itemId))).toCompletionStage().toCompletableFuture(),
                "reading the similar items of " + itemId);
        return Optional.ofNullable(reply).map(Response::toString);
    }

    /** Waits for a Redis reply, turning failures and a silent server into one store error that says what was done. */
    static <T> T await(java.util.concurrent.CompletableFuture<T> future, String what) {
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
