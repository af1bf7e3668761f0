package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/** The batch Lambda (EventBridge schedule, or one shard of a Step Functions map) and the read Lambda. */
public class BatchFunction {

    @Inject
    FunctionGateway gateway;

    @Inject
    BatchHandler batch;

    @Inject
    RecommendationsHandler recommendations;

    @Funq("batch")
    public JsonNode batch(LambdaPayload payload) {
        return gateway.invoke(payload, batch::handle);
    }

    @Funq("recommendations")
    public JsonNode recommendations(LambdaPayload payload) {
        return gateway.serve(payload, recommendations::route);
    }
}
