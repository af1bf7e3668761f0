package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/** The batch Lambda (EventBridge schedule, or one shard of a Step Functions map) and the read Lambda. */
public class BatchFunction {

    @Inject
    BatchHandler batch;

    @Inject
    RecommendationsHandler recommendations;

    @Funq("batch")
    public JsonNode batch(JsonNode event) {
        return batch.handle(event);
    }

    @Funq("recommendations")
    public JsonNode recommendations(JsonNode body) {
        return recommendations.handle(body);
    }
}
