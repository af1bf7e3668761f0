package dev.lambdarec.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarec.prepare.BadRequestException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * What a batch invocation does: the EventBridge scheduled event as EventBridge sends it (a whole run, one shard,
 * run id from the event time) or {@code {"shard":i,"shards":n,"run":"<runId>"}} for one shard of a fanned-out run.
 */
public record BatchRequest(String runId, int shard, int shards) {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public static BatchRequest parse(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new BadRequestException("batch expects the EventBridge scheduled event or {\"shard\":i,\"shards\":n,\"run\":\"...\"}");
        }
        if ("Scheduled Event".equals(event.path("detail-type").asText()) || "aws.events".equals(event.path("source").asText())) {
            String time = event.path("time").asText("");
            try {
                return new BatchRequest(RUN_ID.format(Instant.parse(time)), 0, 1);
            } catch (DateTimeParseException e) {
                throw new BadRequestException("time must be an ISO-8601 instant like 2026-11-22T02:00:00Z, was '" + time + "'");
            }
        }
        if (!event.has("shard") || !event.has("shards") || !event.has("run")) {
            throw new BadRequestException("a shard request needs shard, shards and run, e.g. {\"shard\":0,\"shards\":4,\"run\":\"20261122T020000Z\"}");
        }
        JsonNode shard = event.get("shard");
        JsonNode shards = event.get("shards");
        if (!shards.isIntegralNumber() || shards.asInt() < 1 || shards.asInt() > 10_000) {
            throw new BadRequestException("shards must be an integer between 1 and 10000, was " + shards);
        }
        if (!shard.isIntegralNumber() || shard.asInt() < 0 || shard.asInt() >= shards.asInt()) {
            throw new BadRequestException("shard must be an integer between 0 and shards-1 (" + (shards.asInt() - 1) + "), was " + shard);
        }
        String run = event.get("run").asText("");
        if (!event.get("run").isTextual() || !run.matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw new BadRequestException("run must be 1-64 letters, digits, '.', ':', '_' or '-' (a Step Functions start time"
                    + " such as 2026-11-22T02:00:00.123Z will do), was " + event.get("run"));
        }
        return new BatchRequest(run, shard.asInt(), shards.asInt());
    }
}
