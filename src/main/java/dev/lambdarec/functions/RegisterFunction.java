package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/** The register Lambda: promotes a trained model only when it beats the current one. */
public class RegisterFunction {

    @Inject
    RegisterHandler handler;

    @Funq("register")
    public JsonNode register(JsonNode event) {
        return handler.handle(event);
    }
}
