package dev.lambdarec.prepare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarec.common.Hashing;
import dev.lambdarec.store.S3Uri;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract of prepare as a SageMaker Processing job, for input larger than one Lambda: the prefixes the request
 * reads are mounted under {@code input/store/<key>}, the request under {@code input/request/}; the dataset's files
 * are written to {@code output/store/datasets/} (uploaded to datasets/ when the job ends), and the manifest with the
 * answer to {@code output/staged/} (uploaded to prepare-jobs/<job>/). SageMaker uploads outputs in no particular
 * order, so the manifest is held back: the prepare function's {@code {"adopt": job}} writes it into the dataset last,
 * once every file it lists is there ({@link PrepareService#adopt}).
 */
public final class PrepareJob {
    /** Where SageMaker mounts a Processing job's inputs and outputs. */
    public static final String ROOT = "/opt/ml/processing";
    public static final String INPUT_STORE = "input/store";
    public static final String OUTPUT_STORE = "output/store";
    public static final String REQUEST_DIR = "input/request";
    public static final String STAGED = "output/staged";
    public static final String REQUEST = "request.json";
    public static final String RESULT = "result.json";
    /** The container's entry point: the training image, another main class. */
    public static final String MAIN = "dev.lambdarec.prepare.PrepareJobMain";

    private PrepareJob() {
    }

    /** The same request in the same run names the same job; another run, another (SageMaker never reuses a name). */
    public static String name(JsonNode request, String run) {
        return "lambdarec-prepare-" + Hashing.sha256(request.toString() + ";run=" + run).substring(0, 16);
    }

    /**
     * The prefixes the request reads, each mounted whole: the raw source's (its directory when it names one
     * object, since MovieLens side files sit beside the ratings), then each prefix of recorded events.
     */
    public static List<String> mounts(PrepareRequest request) {
        List<String> prefixes = new ArrayList<>();
        prefixes.add(directoryOf(S3Uri.parse(request.source()).key()));
        for (String events : request.eventSources()) {
            String key = S3Uri.parse(events).key();
            prefixes.add(key.isEmpty() || key.endsWith("/") ? key : key + "/");
        }
        return prefixes;
    }

    private static String directoryOf(String key) {
        return key.isEmpty() || key.endsWith("/") ? key : key.substring(0, key.lastIndexOf('/') + 1);
    }
}
