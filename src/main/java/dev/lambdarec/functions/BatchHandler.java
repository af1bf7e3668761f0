package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.batch.BatchRecommender;
import dev.lambdarec.batch.BatchRequest;
import dev.lambdarec.common.BadRequestException;
import dev.lambdarec.serve.ModelCache;
import dev.lambdarec.serve.NoModelException;

/**
 * The batch function: a scheduled run or one shard of a fanned-out run. Bad requests and a missing model
 * answer {"error"}; a Redis failure fails the invocation (so the Step Functions map retries the shard), and
 * rec:current keeps naming the previous complete run.
 */
public final class BatchHandler {
    private final ModelCache models;
    private final BatchRecommender recommender;

    public BatchHandler(ModelCache models, BatchRecommender recommender) {
        this.models = models;
        this.recommender = recommender;
    }

    public JsonNode handle(JsonNode event) {
        BatchRequest request;
        try {
            request = BatchRequest.parse(event);
        } catch (BadRequestException e) {
            return Answer.errorBody(e.getMessage());
        }
        try {
            BatchRecommender.Result result = recommender.run(models.get(), request);
            ObjectNode out = JsonNodeFactory.instance.objectNode()
                    .put("run", result.runId()).put("shard", result.shard()).put("shards", result.shards())
                    .put("users", result.users()).put("completedRun", result.completedRun()).put("seconds", result.seconds());
            return out;
        } catch (NoModelException e) {
            return Answer.errorBody(e.getMessage());
        }
    }
}
