package dev.lambdarec.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarec.common.BadRequestException;
import dev.lambdarec.common.StrictJson;

/**
 * What a batch invocation does: the EventBridge scheduled event as EventBridge sends it (a whole run, one shard,
 * run id from the event time) or {@code {"shard":i,"shards":n,"run":"<runId>"}} for one shard of a fanned-out run.
 */
public record BatchRequest(String runId, int shard, int shards) {

    public static BatchRequest parse(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new BadRequestException("batch expects the EventBridge scheduled event or {\"shard\":i,\"shards\":n,\"run\":\"...\"}");
        }
        if ("Scheduled Event".equals(event.path("detail-type").asText()) || "aws.events".equals(event.path("source").asText())) {
            return new BatchRequest(RunIds.canonical(event.path("time").asText(null), "time"), 0, 1);
        }
        if (!event.has("shard") || !event.has("shards") || !event.has("run")) {
            throw new BadRequestException("a shard request needs shard, shards and run, e.g. {\"shard\":0,\"shards\":4,\"run\":\"20261122T020000Z\"}");
        }
        int shards = StrictJson.wholeInt(event.get("shards"), "shards", 1, 10_000);
        int shard = StrictJson.wholeInt(event.get("shard"), "shard (0 to shards-1)", 0, shards - 1);
        if (!event.get("run").isTextual()) {
            throw new BadRequestException("run must be a string, the run's UTC start instant, was " + StrictJson.abbreviate(event.get("run").toString()));
        }
        return new BatchRequest(RunIds.canonical(event.get("run").asText(), "run"), shard, shards);
    }
}
