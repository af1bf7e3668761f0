package dev.lambdarec.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.data.CsvFields;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.StoreLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Records a validated batch: first durably, the call's events of each day in one object created only if absent
 * (the store's compare-and-set: a call sent again, or sent twice at once, is stored once; an event id repeated in
 * another call is written again there and merged by prepare, which keeps one interaction a user and item), then
 * into the subject's recent list.
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

    /** A call whose events span days writes one object a day; those writes go at once (tens of ms each on S3). */
    private static final java.util.concurrent.ExecutorService WRITERS = java.util.concurrent.Executors.newFixedThreadPool(16, task -> {
        Thread thread = new Thread(task, "event-writer");
        thread.setDaemon(true);
        return thread;
    });

    public ObjectNode record(EventBatch batch) {
        List<Event> distinct = distinctIds(batch.accepted());
        int created = store(byObject(batch.subject(), distinct)); // throws before Redis hears of any
        List<String> json = new ArrayList<>();
        for (Event event : distinct) {
            json.add(json(event).toString());
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

    /**
     * Writes each object if absent and counts the events of those created; every write finishes before the answer,
     * or the call fails (and its retry finds what was written, and writes the rest).
     */
    private int store(Map<String, List<Event>> objects) {
        if (objects.size() == 1) { // the usual call: one day, one round trip, no hand-off
            Map.Entry<String, List<Event>> only = objects.entrySet().iterator().next();
            return store.putIf(only.getKey(), csv(only.getValue()), "text/csv", null) ? only.getValue().size() : 0;
        }
        Map<java.util.concurrent.Future<Boolean>, Integer> writes = new LinkedHashMap<>();
        objects.forEach((key, events) -> {
            byte[] rows = csv(events);
            writes.put(WRITERS.submit(() -> store.putIf(key, rows, "text/csv", null)), events.size());
        });
        int created = 0;
        RuntimeException failed = null;
        for (Map.Entry<java.util.concurrent.Future<Boolean>, Integer> write : writes.entrySet()) {
            try {
                created += write.getKey().get() ? write.getValue() : 0;
            } catch (java.util.concurrent.ExecutionException e) {
                failed = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed = new IllegalStateException("interrupted writing events", e);
            }
        }
        if (failed != null) {
            throw failed;
        }
        return created;
    }

    /** The first copy of each event id: a call that repeats one within itself stores it once. */
    private static List<Event> distinctIds(List<Event> events) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<Event> distinct = new ArrayList<>(events.size());
        for (Event event : events) {
            if (seen.add(event.eventId())) {
                distinct.add(event);
            }
        }
        return distinct;
    }

    /** The call's events by the object that holds them: one a day, named by the subject and that day's event ids. */
    private static Map<String, List<Event>> byObject(String subject, List<Event> events) {
        Map<Long, List<Event>> byDay = new java.util.TreeMap<>();
        for (Event event : events) {
            byDay.computeIfAbsent(Math.floorDiv(event.timestamp(), 86_400L), day -> new ArrayList<>()).add(event);
        }
        Map<String, List<Event>> objects = new LinkedHashMap<>();
        for (List<Event> day : byDay.values()) {
            objects.put(StoreLayout.events(day.get(0).timestamp(), subject, day.stream().map(Event::eventId).toList()), day);
        }
        return objects;
    }

    /** The subject's id as training knows it: a user's own id; a session as "session:<id>", a user of its own. */
    static String trainingId(String subject) {
        return subject.startsWith("user:") ? subject.substring("user:".length()) : subject;
    }

    static byte[] csv(List<Event> events) {
        StringBuilder rows = new StringBuilder(CSV_HEADER).append('\n');
        for (Event event : events) {
            rows.append(String.join(",", CsvFields.quote(trainingId(event.subject())), CsvFields.quote(event.item()),
                    Double.toString(event.value()), Long.toString(event.timestamp()), CsvFields.quote(event.type()),
                    CsvFields.quote(event.eventId()))).append('\n');
        }
        return rows.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The recent list's entry: what fold-in reads back. */
    public static ObjectNode json(Event event) {
        return JsonNodeFactory.instance.objectNode().put("item", event.item()).put("type", event.type())
                .put("timestamp", event.timestamp()).put("value", event.value()).put("eventId", event.eventId());
    }
}
