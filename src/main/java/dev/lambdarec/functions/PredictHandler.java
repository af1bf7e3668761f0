package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.model.ServingModel;
import java.util.function.Supplier;
import dev.lambdarec.serve.Predictor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The predict endpoint's routes, as TensorFlow Serving's REST API names them: {@code POST /} or
 * {@code POST /v1/models/<name>:predict} answers a body with the current model; {@code GET /v1/models/<name>}
 * answers TF Serving's model-status shape with the served model id as its version. Other paths are 404, other
 * methods 405. A direct invoke is {@code POST /}.
 */
public final class PredictHandler {
    private static final Pattern MODEL_PATH = Pattern.compile("/v1/models/([^/:]+)(?:/versions/[^/:]+)?(:predict)?");

    private final Supplier<ServingModel> models;
    private final Predictor predictor;
    private final String modelName;

    /** @param models the model to answer with, looked up per request (a {@link ModelCache}'s {@code get}) */
    public PredictHandler(Supplier<ServingModel> models, Predictor predictor, String modelName) {
        this.models = models;
        this.predictor = predictor;
        this.modelName = modelName;
    }

    public Answer route(HttpCall call) {
        String path = call.path().isEmpty() ? "/" : call.path();
        if (path.equals("/") || path.equals("/predict")) {
            return call.is("POST") ? predict(call.json()) : notAllowed(call, "POST");
        }
        Matcher route = MODEL_PATH.matcher(path);
        if (!route.matches()) {
            return Answer.error(Answer.NOT_FOUND, "no such path '" + abbreviate(path) + "'; POST / or /v1/models/"
                    + modelName + ":predict, GET /v1/models/" + modelName);
        }
        if (!route.group(1).equals(modelName)) {
            return Answer.error(Answer.NOT_FOUND, "Servable not found for request: Latest(" + abbreviate(route.group(1))
                    + "); this endpoint serves '" + modelName + "'");
        }
        if (route.group(2) != null) {
            return call.is("POST") ? predict(call.json()) : notAllowed(call, "POST");
        }
        return call.is("GET") ? status() : notAllowed(call, "GET");
    }

    /** A body answered by the current model; every accepted answer fits what Lambda can return. */
    public Answer predict(JsonNode body) {
        ServingModel model = models.get();
        return Answer.ok(predictor.predict(model, body));
    }

    /** TF Serving's GetModelStatus answer. */
    private Answer status() {
        ServingModel model = models.get();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.putArray("model_version_status").addObject()
                .put("version", model.modelId())
                .put("state", "AVAILABLE")
                .putObject("status").put("error_code", "OK").put("error_message", "");
        return Answer.ok(out);
    }

    private static Answer notAllowed(HttpCall call, String allowed) {
        return Answer.error(Answer.METHOD_NOT_ALLOWED, "method " + abbreviate(call.method()) + " is not allowed here; use " + allowed);
    }

    private static String abbreviate(String text) {
        return dev.lambdarec.common.StrictJson.abbreviate(text);
    }
}
