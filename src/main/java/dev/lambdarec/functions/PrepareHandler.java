package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.data.InvalidInputException;
import dev.lambdarec.common.BadRequestException;
import dev.lambdarec.prepare.PrepareRequest;
import dev.lambdarec.prepare.PreparePlan;
import dev.lambdarec.prepare.PrepareRequestParser;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.prepare.PrepareService;
import dev.lambdarec.prepare.S3EventRouter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the prepare function does with an event: an S3 ObjectCreated notification (one dataset per ratings
 * upload), a direct request, or {@code {"plan": request}} (where a retraining's prepare runs, on what). Bad requests and unusable input answer {@code {"error": "..."}}; failures of
 * the infrastructure propagate, so Lambda reports the invocation failed and retries asynchronous events.
 */
public final class PrepareHandler {
    private static final Logger LOG = Logger.getLogger(PrepareHandler.class.getName());
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final PrepareService service;
    private final PrepareRequestParser parser;

    private final ObjectStore store;
    private final long lambdaMaxBytes;
    private final PreparePlan.ProcessingJobs processingJobs;

    public PrepareHandler(PrepareService service, PrepareRequestParser parser, ObjectStore store, long lambdaMaxBytes,
                          PreparePlan.ProcessingJobs processingJobs) {
        this.service = service;
        this.parser = parser;
        this.store = store;
        this.lambdaMaxBytes = lambdaMaxBytes;
        this.processingJobs = processingJobs;
    }

    public JsonNode handle(JsonNode event) {
        if (S3EventRouter.isS3Event(event)) {
            try {
                ArrayNode results = JSON.arrayNode();
                for (S3EventRouter.Routed routed : S3EventRouter.route(event)) {
                    results.add(routed.request() == null
                            ? JSON.objectNode().put("source", routed.uri()).put("skipped", routed.skipped())
                            : run(routed.request()));
                }
                return JSON.objectNode().set("results", results);
            } catch (BadRequestException e) {
                return error(e.getMessage());
            }
        }
        if (event != null && event.isObject() && event.has("plan")) {
            return plan(event.get("plan"), event.path("run").asText(""));
        }
        if (event != null && event.isObject() && event.has("adopt")) {
            return adopt(event.get("adopt").asText(""));
        }
        return run(event);
    }

    /** {@code {"plan": <prepare request>, "run": "<execution name>"}}: a retraining's first step ({@link PreparePlan}). */
    private ObjectNode plan(JsonNode template, String run) {
        try {
            PreparePlan plan = PreparePlan.of(store, template, parser, lambdaMaxBytes, run, processingJobs);
            ObjectNode out = JSON.objectNode().put("runOn", plan.runOn()).put("inputBytes", plan.inputBytes());
            out.set("request", plan.request());
            if (plan.jobName() != null) {
                out.put("jobName", plan.jobName()).set("processingJob", plan.processingJob());
            }
            return out;
        } catch (BadRequestException e) {
            return error(e.getMessage());
        }
    }

    /** {@code {"adopt": "<processing job>"}}: its dataset's manifest written last ({@link PrepareService#adopt}). */
    private ObjectNode adopt(String jobName) {
        if (!jobName.matches("lambdarec-prepare-[0-9a-f]{16}")) {
            return error("adopt must name a prepare Processing job (lambdarec-prepare-<16 hex>), was '" + jobName + "'");
        }
        try {
            return service.adopt(jobName).json();
        } catch (BadRequestException | InvalidInputException e) {
            return error(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("adopt failed: " + e.getMessage(), e);
        }
    }

    private ObjectNode run(JsonNode body) {
        try {
            PrepareRequest request = parser.parse(body);
            return service.prepare(request).json();
        } catch (BadRequestException | InvalidInputException e) {
            LOG.warning("prepare refused: " + e.getMessage());
            return error(e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(e.getMessage());
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "prepare failed", e);
            throw new UncheckedIOException("prepare failed: " + e.getMessage(), e);
        }
    }

    static ObjectNode error(String message) {
        return JSON.objectNode().put("error", message);
    }
}
