package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/** The train Lambda: starts a training job on SageMaker, or reports one's state. */
public class TrainFunction {

    @Inject
    TrainHandler handler;

    @Funq("train")
    public JsonNode train(JsonNode body) {
        return handler.handle(body);
    }
}
