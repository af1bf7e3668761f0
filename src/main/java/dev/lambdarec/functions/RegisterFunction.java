package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/** The register Lambda: promotes a trained model only when it beats the current one. */
public class RegisterFunction {

    @Inject
    FunctionGateway gateway;

    @Inject
    RegisterHandler handler;

    @Funq("register")
    public JsonNode register(LambdaPayload payload) {
        return gateway.invoke(payload, handler::handle);
    }
}
