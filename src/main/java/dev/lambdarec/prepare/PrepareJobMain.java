package dev.lambdarec.prepare;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lambdarec.common.BadRequestException;
import dev.lambdarec.data.InvalidInputException;
import dev.lambdarec.store.MountedStore;
import dev.lambdarec.store.S3Uri;
import dev.lambdarec.store.StoreLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;

/**
 * prepare as a SageMaker Processing job ({@link PrepareJob}): {@code java -cp ... dev.lambdarec.prepare.PrepareJobMain
 * [--root DIR]}, DIR defaulting to /opt/ml/processing. Runs the prepare Lambda's own code on the mounted bucket;
 * a refused input is an answer ({"error"} in result.json, exit 0, as the Lambda answers it), anything else fails
 * the job (exit 1).
 */
public final class PrepareJobMain {
    private PrepareJobMain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(PrepareJob.ROOT);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--root") && i + 1 < args.length) {
                root = Path.of(args[++i]);
            }
        }
        try {
            run(root);
        } catch (Exception e) {
            System.err.println("prepare job failed: " + e);
            System.exit(1);
        }
    }

    static void run(Path root) throws Exception {
        Path staged = Files.createDirectories(root.resolve(PrepareJob.STAGED));
        byte[] answer;
        try {
            var body = PrepareService.JSON.readTree(root.resolve(PrepareJob.REQUEST_DIR).resolve(PrepareJob.REQUEST).toFile());
            // the Lambda's defaults travelled in the plan's request: every field is explicit here
            PrepareRequest request = new PrepareRequestParser(PrepareDefaults.STANDARD).parse(body);
            String bucket = S3Uri.parse(request.source()).bucket();
            MountedStore store = new MountedStore(bucket, root.resolve(PrepareJob.INPUT_STORE), root.resolve(PrepareJob.OUTPUT_STORE));
            PrepareResult result = new PrepareService(store, root.resolve("work"), false, Clock.systemUTC()).prepare(request);
            Path manifest = root.resolve(PrepareJob.OUTPUT_STORE).resolve(StoreLayout.datasetFile(result.datasetId(), StoreLayout.MANIFEST));
            Files.move(manifest, staged.resolve(StoreLayout.MANIFEST), StandardCopyOption.REPLACE_EXISTING); // held back: written last, by adopt
            answer = PrepareService.JSON.writeValueAsBytes(result.json());
        } catch (BadRequestException | InvalidInputException | IllegalArgumentException e) {
            answer = PrepareService.JSON.writeValueAsBytes(JsonNodeFactory.instance.objectNode().put("error", e.getMessage()));
        }
        Files.write(staged.resolve(PrepareJob.RESULT), answer);
    }
}
