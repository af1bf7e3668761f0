package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarec.common.StrictJson;
import dev.lambdarec.events.EventBatch;
import dev.lambdarec.events.EventRecorder;
import java.time.Clock;

/**
 * The events function: {@code {"user":"196","events":[...]}} (or {@code "session"}) recorded durably and in the
 * subject's recent list; the answer counts accepted (stored new, duplicates) and rejected events, each rejection with
 * its index and reason.
 */
public final class EventsHandler {
    private final EventRecorder recorder;
    private final EventBatch.Limits limits;
    private final Clock clock;

    public EventsHandler(EventRecorder recorder, EventBatch.Limits limits, Clock clock) {
        this.recorder = recorder;
        this.limits = limits;
        this.clock = clock;
    }

    /** Behind the Function URL: {@code POST /} with the same body a direct invoke sends. */
    public Answer route(HttpCall call) {
        if (!call.path().isEmpty() && !call.path().equals("/")) {
            return Answer.error(Answer.NOT_FOUND, "no such path '" + StrictJson.abbreviate(call.path()) + "'; POST / with the events");
        }
        if (!call.is("POST")) {
            return Answer.error(Answer.METHOD_NOT_ALLOWED, "method " + StrictJson.abbreviate(call.method()) + " is not allowed; use POST");
        }
        return Answer.ok(handle(call.json()));
    }

    public JsonNode handle(JsonNode body) {
        return recorder.record(EventBatch.parse(body, limits, clock.instant()));
    }
}
