package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/** The train Lambda: starts a training job on SageMaker, or reports one's state. */
public class TrainFunction {

    @Inject
    FunctionGateway gateway;

    @Inject
    TrainHandler handler;

    @Funq("train")
    public JsonNode train(LambdaPayload payload) {
        return gateway.invoke(payload, handler::handle);
    }
}
