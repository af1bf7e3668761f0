package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/** The predict Lambda: scores and top-K over JSON instances with the promoted model, direct or behind its URL. */
public class PredictFunction {

    @Inject
    PredictHandler handler;

    @Inject
    FunctionGateway gateway;

    @Funq("predict")
    public JsonNode predict(LambdaPayload payload) {
        return gateway.serve(payload, handler::route);
    }
}
