package dev.lambdarec.batch.redis;

import dev.lambdarec.events.RecentEvents;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Recent events on Redis: one list per subject ({@link RedisKeys#events}), newest first. Adding is one pipelined
 * round trip of LREM + LPUSH per event (an event added twice, by a retry, stays once), LTRIM to the newest
 * {@code keep} and EXPIRE; each command is atomic, so two calls for the same subject at once interleave without
 * losing either's events.
 */
public final class RedisRecentEvents implements RecentEvents {
    private final Redis redis;

    public RedisRecentEvents(Redis redis) {
        this.redis = redis;
    }

    @Override
    public void add(String subject, List<String> events, int keep, Duration ttl) {
        String key = RedisKeys.events(subject);
        List<Request> commands = new ArrayList<>();
        for (String event : events) {
            commands.add(Request.cmd(Command.LREM).arg(key).arg(0).arg(event));
            commands.add(Request.cmd(Command.LPUSH).arg(key).arg(event));
        }
        commands.add(Request.cmd(Command.LTRIM).arg(key).arg(0).arg(keep - 1));
        commands.add(Request.cmd(Command.EXPIRE).arg(key).arg(ttl.toSeconds()));
        RedisRecommendationStore.await(redis.batch(commands).toCompletionStage().toCompletableFuture(), "recording the events of " + subject);
    }

    @Override
    public List<String> recent(String subject, int max) {
        Response reply = RedisRecommendationStore.await(redis.send(Request.cmd(Command.LRANGE).arg(RedisKeys.events(subject)).arg(0)
                .arg(max - 1)).toCompletionStage().toCompletableFuture(), "reading the events of " + subject);
        List<String> out = new ArrayList<>();
        if (reply != null) {
            for (Response entry : reply) {
                out.add(entry.toString());
            }
        }
        return out;
    }
}
