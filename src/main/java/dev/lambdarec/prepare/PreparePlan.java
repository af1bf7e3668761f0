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
public record PreparePlan(String runOn, long inputBytes, ObjectNode request) {
    public static final String LAMBDA = "lambda";
    public static final String PROCESSING = "processing";

    /** Where raw input stops fitting a Lambda's prepare comfortably (lambdarec.prepare.lambda-max-bytes). */
    public static final String DEFAULT_LAMBDA_MAX_BYTES = "2147483648";

    public static PreparePlan of(ObjectStore store, JsonNode template, PrepareRequestParser parser, long lambdaMaxBytes) {
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
        long bytes = rawBytes(store, parsed.source());
        return new PreparePlan(bytes > lambdaMaxBytes ? PROCESSING : LAMBDA, bytes, request);
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
