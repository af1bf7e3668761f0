package dev.lambdarec.prepare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.common.BadRequestException;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.S3Uri;
import dev.lambdarec.store.StoreLayout;

/**
 * Where a retraining's prepare runs, and on what: the request with its sources filled in (by default everything
 * under raw/, then the recorded events/ when there are any), checked as prepare will check it, and the raw input's
 * size, which decides between the prepare Lambda and a SageMaker Processing job (Lambda: 15 minutes, 10 GB of memory
 * and of /tmp at most).
 */
public record PreparePlan(String runOn, long inputBytes, ObjectNode request, String jobName, JsonNode processingJob) {
    public static final String LAMBDA = "lambda";
    public static final String PROCESSING = "processing";

    /** Where raw input stops fitting a Lambda's prepare comfortably (lambdarec.prepare.lambda-max-bytes). */
    public static final String DEFAULT_LAMBDA_MAX_BYTES = "2147483648";

    /** The port that renders a Processing job's request (SageMaker's CreateProcessingJob body). */
    public interface ProcessingJobs {
        JsonNode request(String jobName, String bucket, java.util.List<String> mounts, long inputBytes);
    }

    /**
     * @param run the retraining's name (a Processing job is named after it); {@code jobs} null where no Processing
     *            job can be started (the local runner starts its own)
     */
    public static PreparePlan of(ObjectStore store, JsonNode template, PrepareRequestParser parser, long lambdaMaxBytes,
                                 String run, ProcessingJobs jobs) {
        if (template == null || !template.isObject()) {
            throw new BadRequestException("plan must be a prepare request (at least {\"format\":\"...\"}); sources default to raw/ and events/");
        }
        ObjectNode request = template.deepCopy();
        if (!request.has("source") && !request.has("sources")) {
            var sources = request.putArray("sources").add(store.uri(StoreLayout.RAW));
            if (store.any(StoreLayout.EVENTS)) {
                sources.add(store.uri(StoreLayout.EVENTS));
            }
        }
        PrepareRequest parsed = parser.parse(request); // refused here, before anything runs, as prepare would refuse it
        // this function's defaults made explicit, so that a job elsewhere prepares the very same dataset
        request.put("split", parsed.split().toString()).put("negatives", parsed.negatives())
                .put("testNegatives", parsed.testNegatives()).put("seed", parsed.seed()).put("coldStart", parsed.coldStart().toString());
        long bytes = rawBytes(store, parsed.source());
        if (bytes <= lambdaMaxBytes) {
            return new PreparePlan(LAMBDA, bytes, request, null, null);
        }
        String job = PrepareJob.name(request, run == null ? "" : run);
        try {
            store.put(StoreLayout.prepareJob(job) + PrepareJob.REQUEST, PrepareService.JSON.writeValueAsBytes(request), "application/json");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String bucket = S3Uri.parse(parsed.source()).bucket();
        return new PreparePlan(PROCESSING, bytes, request, job,
                jobs == null ? null : jobs.request(job, bucket, PrepareJob.mounts(parsed), bytes));
    }

    /** The size of what the raw source names: one object, or every object under a prefix. */
    private static long rawBytes(ObjectStore store, String source) {
        S3Uri uri;
        try {
            uri = S3Uri.parse(source);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("source: " + e.getMessage());
        }
        long bytes = store.inBucket(uri.bucket()).sizes(uri.key()).values().stream().mapToLong(Long::longValue).sum();
        if (bytes == 0) {
            throw new BadRequestException("source: nothing at " + source);
        }
        return bytes;
    }
}
