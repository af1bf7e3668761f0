package dev.lambdarec.batch.redis;

/**
 * Every Redis key lambdarec uses. Lists: {@code rec:<run>:<user>} (and {@code sim:<run>:<item>}), where a run id
 * is canonical ({@link dev.lambdarec.batch.RunIds}: digits, T, Z, a dot), so a list key always has two colons and
 * the pointer {@code rec:current} none after its prefix. Bookkeeping lives under {@code lambdarec:}, a prefix no
 * list key can start with, whatever the user and item ids are.
 */
final class RedisKeys {
    static final String CURRENT = "rec:current";
    /** Sorted set: every run that wrote lists and is not yet expired, scored by its instant. */
    static final String RUNS = "lambdarec:runs";

    private RedisKeys() {
    }

    static String list(String runId, String userId) {
        return "rec:" + runId + ":" + userId;
    }

    static String similar(String runId, String itemId) {
        return "sim:" + runId + ":" + itemId;
    }

    /**
     * List: a subject's recent events, {@code ev:user:<id>} or {@code ev:session:<id>} (the kind in the key, so a
     * user id can never name a session's list).
     */
    static String events(String subject) {
        return "ev:" + subject;
    }

    static String shardsDone(String runId) {
        return "lambdarec:run:" + runId + ":shards-done";
    }

    /** Set: the users a run wrote lists for, so the run can be expired without scanning the keyspace. */
    static String users(String runId) {
        return "lambdarec:run:" + runId + ":users";
    }

    /** Set: the items a run wrote similar-item lists for. */
    static String items(String runId) {
        return "lambdarec:run:" + runId + ":items";
    }
}
