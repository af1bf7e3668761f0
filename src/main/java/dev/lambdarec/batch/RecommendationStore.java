package dev.lambdarec.batch;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The recommendation store port (Redis): per-run lists under {@code rec:<runId>:<userId>}, the finished shards of
 * each run, and {@code rec:current}, which names the run readers use and flips only when every shard finished.
 */
public interface RecommendationStore {

    /** One user's list, already serialised as the JSON readers get. */
    record Entry(String userId, String json) {
    }

    /** Writes a batch of lists (pipelined: one round trip), each with the TTL. */
    void write(String runId, List<Entry> entries, Duration ttl);

    /**
     * Records that a shard of a run finished; when all {@code shards} have, points {@code rec:current} at the run.
     * Returns whether this call completed the run. Idempotent: a shard finished twice counts once.
     */
    boolean finishShard(String runId, int shard, int shards, Duration ttl);

    Optional<String> currentRun();

    Optional<String> read(String runId, String userId);
}
