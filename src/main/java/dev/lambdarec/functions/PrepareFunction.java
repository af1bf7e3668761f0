package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/** The prepare Lambda: raw ratings to a dataset in S3. */
public class PrepareFunction {

    @Inject
    FunctionGateway gateway;

    @Inject
    PrepareHandler handler;

    @Funq("prepare")
    public JsonNode prepare(LambdaPayload payload) {
        return gateway.invoke(payload, handler::handle);
    }
}
