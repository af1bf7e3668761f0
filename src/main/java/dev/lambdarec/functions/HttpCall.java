package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarec.common.StrictJson;
import java.util.Map;

/**
 * One request as a function sees it: behind a Function URL the method, path, query and body of the HTTP request;
 * for a direct invoke {@code POST /} with the payload as body.
 */
public record HttpCall(String method, String path, Map<String, String> query, byte[] body, JsonNode parsed,
                       boolean viaFunctionUrl) {

    /** A direct invoke: the payload, already parsed, is the body. */
    static HttpCall direct(byte[] payload, JsonNode parsed) {
        return new HttpCall("POST", "/", Map.of(), payload, parsed, false);
    }

    public boolean is(String method) {
        return this.method.equalsIgnoreCase(method);
    }

    /** The body as JSON, strictly parsed. */
    public JsonNode json() {
        return parsed != null ? parsed : StrictJson.parse(body, "body");
    }
}
