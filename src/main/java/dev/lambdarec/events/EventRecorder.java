package dev.lambdarec.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.data.CsvFields;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.StoreLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Records a validated batch: first durably, one object per event created only if absent (the store's
 * compare-and-set, so a repeated or concurrently sent event is stored once), written in parallel, then into the
 * subject's recent list.
 * A store failure fails the call before anything reaches Redis, and a retry finds what was written; a Redis failure
 * leaves the events stored and says so in the answer.
 */
public final class EventRecorder {
    private static final Logger LOG = Logger.getLogger(EventRecorder.class.getName());
    /** The header prepare's csv format reads (user, item, rating, timestamp by its aliases; the rest is kept). */
    public static final String CSV_HEADER = "user,item,rating,timestamp,type,event_id";
    /** The configuration's defaults (lambdarec.events.keep, ttl-hours), here so that the local runner uses the same. */
    public static final String DEFAULT_KEEP = "50";
    public static final String DEFAULT_TTL_HOURS = "72";

    private final ObjectStore store;
    private final RecentEvents recent;
    private final int keep;
    private final Duration ttl;

    /** @param recent null when no Redis is configured: events are stored, and the answer says the list is off */
    public EventRecorder(ObjectStore store, RecentEvents recent, int keep, Duration ttl) {
        this.store = store;
        this.recent = recent;
        this.keep = keep;
        this.ttl = ttl;
    }

    /** Writes at once: each is one round trip to the store (tens of ms on S3), and a request carries up to 100. */
    private static final int PARALLEL_WRITES = 16;
    private static final java.util.concurrent.ExecutorService WRITERS = java.util.concurrent.Executors.newFixedThreadPool(PARALLEL_WRITES, task -> {
        Thread thread = new Thread(task, "event-writer");
        thread.setDaemon(true);
        return thread;
    });

    public ObjectNode record(EventBatch batch) {
        List<java.util.concurrent.Future<Boolean>> writes = new ArrayList<>();
        List<String> json = new ArrayList<>();
        for (Event event : batch.accepted()) {
            String key = StoreLayout.event(event.timestamp(), event.subject(), event.eventId());
            byte[] row = csv(event);
            writes.add(WRITERS.submit(() -> store.putIf(key, row, "text/csv", null)));
            json.add(json(event).toString());
        }
        int created = 0;
        RuntimeException failed = null;
        for (java.util.concurrent.Future<Boolean> write : writes) { // every write finishes before the answer, or the call fails
            try {
                created += write.get() ? 1 : 0;
            } catch (java.util.concurrent.ExecutionException e) {
                failed = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed = new IllegalStateException("interrupted writing events", e);
            }
        }
        if (failed != null) {
            throw failed; // before Redis hears of any: the retry finds what was written and stores the rest
        }
        String list;
        if (recent == null) {
            list = "not configured";
        } else if (json.isEmpty()) {
            list = "unchanged";
        } else {
            try {
                recent.add(batch.subject(), json, keep, ttl);
                list = "updated";
            } catch (RuntimeException e) {
                LOG.warning("events stored, but the recent list of " + batch.subject() + " was not updated: " + e.getMessage());
                list = "unavailable (the events are stored; the next answer will not know them yet)";
            }
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        int colon = batch.subject().indexOf(':');
        answer.put(batch.subject().substring(0, colon), batch.subject().substring(colon + 1));
        answer.put("accepted", batch.accepted().size());
        answer.put("stored", created);
        answer.put("duplicates", batch.accepted().size() - created);
        var rejected = answer.putArray("rejected");
        for (EventBatch.Rejection rejection : batch.rejected()) {
            rejected.addObject().put("index", rejection.index()).put("reason", rejection.reason());
        }
        answer.put("recent", list);
        return answer;
    }

    /** The subject's id as training knows it: a user's own id; a session as "session:<id>", a user of its own. */
    static String trainingId(String subject) {
        return subject.startsWith("user:") ? subject.substring("user:".length()) : subject;
    }

    static byte[] csv(Event event) {
        String row = String.join(",", CsvFields.quote(trainingId(event.subject())), CsvFields.quote(event.item()),
                Double.toString(event.value()), Long.toString(event.timestamp()), CsvFields.quote(event.type()), CsvFields.quote(event.eventId()));
        return (CSV_HEADER + "\n" + row + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The recent list's entry: what fold-in reads back. */
    public static ObjectNode json(Event event) {
        return JsonNodeFactory.instance.objectNode().put("item", event.item()).put("type", event.type())
                .put("timestamp", event.timestamp()).put("value", event.value()).put("eventId", event.eventId());
    }
}
