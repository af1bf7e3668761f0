package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * What a function answers: an HTTP status and a JSON body. A direct invoke gets the body; behind a Function URL
 * the body travels in an HTTP response with the status. Errors are always {@code {"error":"..."}}.
 */
public record Answer(int status, JsonNode body) {
    public static final int OK = 200;
    public static final int BAD_REQUEST = 400;
    public static final int NOT_FOUND = 404;
    public static final int METHOD_NOT_ALLOWED = 405;
    public static final int TOO_LARGE = 413;
    public static final int INTERNAL = 500;
    public static final int UNAVAILABLE = 503;

    /** A message from a library may name a Java class (a.b.SomeException); the caller gets the words only. */
    static String withoutClassNames(String message) {
        return message == null ? "no detail" : message.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?::\\s*)?", "").trim();
    }

    public static Answer ok(JsonNode body) {
        return new Answer(OK, body);
    }

    public static Answer error(int status, String message) {
        return new Answer(status, JsonNodeFactory.instance.objectNode().put("error", withoutClassNames(message)));
    }

    /** The {"error"} body alone, for handlers whose answer has no status (event-driven functions). */
    public static JsonNode errorBody(String message) {
        return error(BAD_REQUEST, message).body();
    }

    public static Answer badRequest(String message) {
        return error(BAD_REQUEST, message);
    }
}
