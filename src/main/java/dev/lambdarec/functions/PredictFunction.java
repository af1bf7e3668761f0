package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/** The predict Lambda: scores and top-K over JSON instances with the promoted model. */
public class PredictFunction {

    @Inject
    PredictHandler handler;

    @Funq("predict")
    public JsonNode predict(JsonNode body) {
        return handler.handle(body);
    }
}
