package dev.lambdarec.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.batch.RecommendationStoreException;
import dev.lambdarec.common.TooLargeException;
import dev.lambdarec.common.StrictJson;
import dev.lambdarec.common.BadRequestException;
import dev.lambdarec.serve.NoModelException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Between Lambda and the handlers: parses the payload strictly, recognises a Function URL's payload-format-2.0
 * envelope (method, rawPath, query, body, base64) and answers it with an HTTP response object, and maps every
 * failure to a documented {@code {"error":...}} with its status: 400 bad request, 413 over a limit, 503 no model or
 * no Redis, 500 anything else (logged with its stack; the caller sees neither a stack trace nor a class name).
 */
public final class FunctionGateway {
    private static final Logger LOG = Logger.getLogger(FunctionGateway.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final long maxBodyBytes;

    public FunctionGateway(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** An HTTP-facing function (predict, recommendations): whatever happens, an answer. */
    public JsonNode serve(LambdaPayload payload, Function<HttpCall, Answer> route) {
        boolean[] viaUrl = {false};
        long started = System.nanoTime();
        Answer answer = answer(payload, route, viaUrl);
        // one line per request: with LogFormat JSON it is a record to query by model and outcome
        LOG.info(() -> String.format("answered %d%s in %.1f ms%s", answer.status(), viaUrl[0] ? " via the function URL" : "",
                (System.nanoTime() - started) / 1e6, answer.body().hasNonNull("model") ? " with model " + answer.body().get("model").asText()
                        : answer.body().hasNonNull("error") ? ": " + StrictJson.abbreviate(answer.body().get("error").asText()) : ""));
        return viaUrl[0] ? httpResponse(answer) : answer.body();
    }

    /** The answer with its status, and whether the payload came through a Function URL. */
    Answer answer(LambdaPayload payload, Function<HttpCall, Answer> route, boolean[] viaUrl) {
        try {
            JsonNode root = parse(payload);
            viaUrl[0] = isFunctionUrlEnvelope(root);
            return route.apply(call(payload, root));
        } catch (RuntimeException | Error e) {
            return answerFor(e);
        }
    }

    /**
     * A function both behind a Function URL and invoked directly (events): through the URL an HTTP answer whatever
     * happens (a store outage a 503 the caller retries); invoked, possibly asynchronously, a failure of the
     * infrastructure fails the invocation so that Lambda retries it.
     */
    public JsonNode serveOrInvoke(LambdaPayload payload, Function<HttpCall, Answer> route, Function<JsonNode, JsonNode> handler) {
        JsonNode root;
        try {
            root = parse(payload);
        } catch (RuntimeException e) {
            return answerFor(e).body();
        }
        return isFunctionUrlEnvelope(root) ? serve(payload, route) : invoke(payload, handler);
    }

    /**
     * An event-driven function (prepare, train, register, batch): a bad payload is answered {"error"}; a failure
     * of the infrastructure still fails the invocation so that Lambda retries an asynchronous event.
     */
    public JsonNode invoke(LambdaPayload payload, Function<JsonNode, JsonNode> handler) {
        JsonNode event;
        try {
            event = call(payload, parse(payload)).json();
        } catch (BadRequestException e) {
            return answerFor(e).body();
        }
        try {
            return handler.apply(event);
        } catch (BadRequestException e) {
            return answerFor(e).body();
        } catch (Error e) { // an exhausted heap or stack answered, not rethrown into a crash-and-retry loop
            return answerFor(e).body();
        }
    }

    private static JsonNode parse(LambdaPayload payload) {
        if (payload.overLimit()) {
            throw new TooLargeException("payload is over " + LambdaPayload.MAX_BYTES + " bytes (Lambda's synchronous limit)");
        }
        return StrictJson.parse(payload.bytes(), "body");
    }

    private HttpCall call(LambdaPayload payload, JsonNode root) {
        if (isFunctionUrlEnvelope(root)) {
            return fromEnvelope(root);
        }
        checkBodySize(payload.bytes().length);
        return HttpCall.direct(payload.bytes(), root);
    }

    /** Payload format 2.0, as Lambda Function URLs (and HTTP APIs) deliver a request. */
    static boolean isFunctionUrlEnvelope(JsonNode root) {
        return root.isObject() && "2.0".equals(root.path("version").asText(null))
                && root.path("requestContext").path("http").isObject();
    }

    private HttpCall fromEnvelope(JsonNode envelope) {
        String method = envelope.path("requestContext").path("http").path("method").asText("");
        if (method.isEmpty()) {
            throw new BadRequestException("requestContext.http.method is missing");
        }
        String path = envelope.path("rawPath").asText("/");
        JsonNode bodyNode = envelope.get("body");
        byte[] body = new byte[0];
        if (bodyNode != null && !bodyNode.isNull()) {
            if (!bodyNode.isTextual()) {
                throw new BadRequestException("the request body must arrive as a string");
            }
            String text = bodyNode.asText();
            if (envelope.path("isBase64Encoded").asBoolean(false)) {
                if ((long) text.length() * 3 / 4 > maxBodyBytes + 3) {
                    throw new TooLargeException(bodyLimitMessage((long) text.length() * 3 / 4));
                }
                try {
                    body = Base64.getDecoder().decode(text);
                } catch (IllegalArgumentException e) {
                    throw new BadRequestException("the body is marked base64 but is not valid base64");
                }
            } else {
                body = text.getBytes(StandardCharsets.UTF_8);
            }
        }
        checkBodySize(body.length);
        return new HttpCall(method, path, query(envelope), body, null, true);
    }

    private static Map<String, String> query(JsonNode envelope) {
        Map<String, String> query = new LinkedHashMap<>();
        JsonNode parameters = envelope.get("queryStringParameters");
        if (parameters != null && parameters.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                query.put(entry.getKey(), entry.getValue().asText());
            }
            return query;
        }
        String raw = envelope.path("rawQueryString").asText("");
        for (String pair : raw.isEmpty() ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("the query string is not valid URL encoding");
            }
        }
        return query;
    }

    private void checkBodySize(long bytes) {
        if (bytes > maxBodyBytes) {
            throw new TooLargeException(bodyLimitMessage(bytes));
        }
    }

    private String bodyLimitMessage(long bytes) {
        return "body is " + bytes + " bytes; at most " + maxBodyBytes + " (lambdarec.predict.max-body-bytes)";
    }

    static Answer answerFor(Throwable e) {
        if (e instanceof TooLargeException) {
            return Answer.error(Answer.TOO_LARGE, e.getMessage());
        }
        if (e instanceof BadRequestException) {
            return Answer.badRequest(e.getMessage());
        }
        if (e instanceof NoModelException) {
            return Answer.error(Answer.UNAVAILABLE, e.getMessage());
        }
        if (e instanceof dev.lambdarec.store.StoreUnavailableException) {
            return Answer.error(Answer.UNAVAILABLE, "the object store is unavailable, nothing was recorded; retry: " + e.getMessage());
        }
        if (e instanceof RecommendationStoreException) {
            return Answer.error(Answer.UNAVAILABLE, "recommendations are unavailable: " + e.getMessage());
        }
        LOG.log(Level.SEVERE, "internal failure", e);
        return Answer.error(Answer.INTERNAL, e instanceof OutOfMemoryError
                ? "internal error: the request needed more memory than the function has; the function's log has the details"
                : "internal error; the function's log has the details");
    }

    /** The Function URL response: status, JSON content type, the body as a string. */
    static ObjectNode httpResponse(Answer answer) {
        ObjectNode response = NODES.objectNode().put("statusCode", answer.status());
        response.putObject("headers").put("content-type", "application/json");
        try {
            response.put("body", JSON.writeValueAsString(answer.body()));
        } catch (JsonProcessingException e) {
            response.put("statusCode", Answer.INTERNAL).put("body", "{\"error\":\"internal error writing the answer\"}");
        }
        return response.put("isBase64Encoded", false);
    }
}
