package dev.lambdarec.batch;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The recommendation store port (Redis): per-run lists under {@code rec:<runId>:<userId>} and similar-item lists
 * under {@code sim:<runId>:<itemId>}, the finished shards of each run, and {@code rec:current}, which names the run
 * readers use and flips only when every shard finished (both kinds of list flip together).
 */
public interface RecommendationStore {

    /** One list, already serialised as the JSON readers get: a user's ({@code item} false) or an item's similar items. */
    record Entry(String id, String json, boolean item) {
        /** A user's list. */
        public Entry(String userId, String json) {
            this(userId, json, false);
        }
    }

    /**
     * Writes a batch of lists of a run (pipelined: one round trip). They do not expire while the run may still go
     * live or is live: a run's lists expire {@code ttl} after a newer run replaced it (see {@link #finishShard}).
     */
    void write(String runId, List<Entry> entries);

    /**
     * Records that a shard of a run finished; when all {@code shards} have, points {@code rec:current} at the run,
     * only forward in time, and gives every run it replaced (and a run that finished too late to go live) {@code ttl}
     * to live. Returns whether this call made the run live. Idempotent: a shard finished twice counts once.
     */
    boolean finishShard(String runId, int shard, int shards, Duration ttl);

    Optional<String> currentRun();

    Optional<String> read(String runId, String userId);

    Optional<String> readSimilar(String runId, String itemId);
}
