package dev.lambdarec.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarec.common.BadRequestException;
import dev.lambdarec.common.Hashing;
import dev.lambdarec.common.StrictJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * An events request read and checked: {@code {"user":"196","events":[{"item","type","timestamp","value","eventId"}]}}
 * or {@code {"session":"s-9f2", ...}}. The request's shape is all or nothing (a {@link BadRequestException}); each
 * event is validated as prepare validates a row, and a bad one is rejected with its index and reason while the good
 * ones go on. Every event read is either accepted or rejected.
 */
public record EventBatch(String subject, List<Event> accepted, List<Rejection> rejected) {
    /** Prepare refuses ids over 256 bytes; an event's ids obey the same rule. */
    static final int MAX_ID_BYTES = 256;
    /** Events further ahead of the clock than this are refused (a wrong clock or unit, not a real event). */
    static final long MAX_FUTURE_SECONDS = 24 * 3600;

    public record Rejection(int index, String reason) {
    }

    /** The configuration's defaults (lambdarec.events.*), here so that the local runner uses the same. */
    public static final String DEFAULT_MAX_PER_REQUEST = "100";
    public static final String DEFAULT_TYPES = "view,click,add-to-cart,purchase,rating,like";

    /** What the events function accepts (configurable). */
    public record Limits(int maxPerRequest, Set<String> types) {
        public static final Limits DEFAULT = new Limits(Integer.parseInt(DEFAULT_MAX_PER_REQUEST), Set.of(DEFAULT_TYPES.split(",")));
    }

    public static EventBatch parse(JsonNode body, Limits limits, Instant now) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException("body must be a JSON object like {\"user\":\"196\",\"events\":[{\"item\":\"242\",\"type\":\"click\"}]}");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!Set.of("user", "session", "events").contains(field)) {
                throw new BadRequestException("unknown field '" + StrictJson.abbreviate(field) + "' (expected \"user\" or \"session\", and \"events\")");
            }
        }
        if (body.has("user") == body.has("session")) {
            throw new BadRequestException("give exactly one of user (a known user's id) and session (an anonymous visitor's)");
        }
        String kind = body.has("user") ? "user" : "session";
        String id = requestId(body.get(kind), kind);
        JsonNode events = body.get("events");
        if (events == null || !events.isArray() || events.isEmpty()) {
            throw new BadRequestException("events must be a non-empty array of {\"item\",\"type\",\"timestamp\",\"value\",\"eventId\"}");
        }
        if (events.size() > limits.maxPerRequest()) {
            throw new BadRequestException("events has " + events.size() + " entries; at most " + limits.maxPerRequest() + " per request");
        }
        String subject = kind + ":" + id;
        List<Event> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        for (int n = 0; n < events.size(); n++) {
            try {
                accepted.add(event(subject, events.get(n), limits, now));
            } catch (InvalidEvent e) {
                rejected.add(new Rejection(n, e.getMessage()));
            }
        }
        return new EventBatch(subject, List.copyOf(accepted), List.copyOf(rejected));
    }

    /** A bad event: rejected alone, with this reason. */
    private static final class InvalidEvent extends Exception {
        InvalidEvent(String reason) {
            super(reason, null, false, false);
        }
    }

    private static Event event(String subject, JsonNode event, Limits limits, Instant now) throws InvalidEvent {
        if (event == null || !event.isObject()) {
            throw new InvalidEvent("an event must be an object");
        }
        for (Iterator<String> it = event.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!Set.of("item", "type", "timestamp", "value", "eventId").contains(field)) {
                throw new InvalidEvent("unknown field '" + StrictJson.abbreviate(field) + "' (allowed: eventId, item, timestamp, type, value)");
            }
        }
        String item = eventId(event.get("item"), "item");
        JsonNode typeNode = event.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new InvalidEvent("type must be one of " + new java.util.TreeSet<>(limits.types()));
        }
        String type = typeNode.asText();
        if (!limits.types().contains(type)) {
            throw new InvalidEvent("unknown type '" + StrictJson.abbreviate(type) + "' (known: " + String.join(", ", new java.util.TreeSet<>(limits.types())) + ")");
        }
        long timestamp = now.getEpochSecond();
        if (event.has("timestamp")) {
            timestamp = timestamp(event.get("timestamp"));
            if (timestamp > now.getEpochSecond() + MAX_FUTURE_SECONDS) {
                throw new InvalidEvent("timestamp " + Instant.ofEpochSecond(timestamp) + " is more than a day ahead of the clock ("
                        + now + ")");
            }
        }
        double value = 1;
        if (event.has("value")) {
            JsonNode v = event.get("value");
            if (!v.isNumber()) {
                throw new InvalidEvent("value must be a number, was " + StrictJson.abbreviate(v.toString()));
            }
            value = v.asDouble();
            if (!Double.isFinite(value)) {
                throw new InvalidEvent("value is not finite: " + StrictJson.abbreviate(v.toString()));
            }
        }
        String eventId = event.has("eventId") ? eventId(event.get("eventId"), "eventId")
                : Hashing.sha256(String.join("\u0000", subject, item, type, Long.toString(timestamp), Double.toString(value))).substring(0, 32);
        return new Event(subject, item, type, timestamp, value, eventId);
    }

    /** An ISO-8601 instant or whole epoch seconds, not before 1970. */
    private static long timestamp(JsonNode value) throws InvalidEvent {
        long seconds;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            seconds = value.asLong();
        } else if (value.isTextual()) {
            try {
                seconds = Instant.parse(value.asText()).getEpochSecond();
            } catch (DateTimeParseException e) {
                throw new InvalidEvent("timestamp must be an ISO-8601 instant such as \"2026-12-01T10:00:00Z\" or whole epoch seconds, was "
                        + StrictJson.abbreviate(value.toString()));
            }
        } else {
            throw new InvalidEvent("timestamp must be an ISO-8601 instant such as \"2026-12-01T10:00:00Z\" or whole epoch seconds, was "
                    + StrictJson.abbreviate(value.toString()));
        }
        if (seconds < 0) {
            throw new InvalidEvent("timestamp is before 1970: " + seconds);
        }
        return seconds;
    }

    private static String requestId(JsonNode value, String field) {
        try {
            return id(value, field);
        } catch (InvalidEvent e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private static String eventId(JsonNode value, String field) throws InvalidEvent {
        return id(value, field);
    }

    /** Prepare's rule for ids: non-empty, at most 256 UTF-8 bytes, no control character; strings or whole numbers. */
    private static String id(JsonNode value, String field) throws InvalidEvent {
        if (value == null) {
            throw new InvalidEvent(field + " is missing");
        }
        if (!(value.isTextual() && !value.asText().isEmpty() || value.isIntegralNumber())) {
            throw new InvalidEvent(field + " must be a non-empty string or a whole number, was " + StrictJson.abbreviate(value.toString()));
        }
        String id = value.asText();
        int bytes = id.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_ID_BYTES) {
            throw new InvalidEvent(field + " is " + bytes + " bytes long; ids have at most " + MAX_ID_BYTES);
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                throw new InvalidEvent(String.format("control character 0x%02X in %s", (int) c, field));
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(id.charAt(i - 1)))) {
                throw new InvalidEvent(field + " is not valid UTF-8 (a lone surrogate)");
            }
        }
        return id;
    }
}
