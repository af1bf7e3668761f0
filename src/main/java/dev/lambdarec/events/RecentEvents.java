package dev.lambdarec.events;

import java.time.Duration;
import java.util.List;

/** The port of each subject's recent events (Redis: a capped, expiring list per subject, newest first). */
public interface RecentEvents {
    /**
     * Adds events (JSON, oldest first) to the subject's list, each once however often it is added, keeps the newest
     * {@code keep} and gives the list {@code ttl}.
     */
    void add(String subject, List<String> events, int keep, Duration ttl);

    /** The subject's recent events, newest first, at most {@code max}. */
    List<String> recent(String subject, int max);
}
