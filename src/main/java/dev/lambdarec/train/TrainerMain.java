package dev.lambdarec.train;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The training container's entry point: {@code java -cp ... dev.lambdarec.train.TrainerMain [--root DIR]}.
 * The root defaults to /opt/ml (SageMaker) and can be moved with LAMBDAREC_ML_ROOT, so the local runner uses
 * the same code. Exit status 0 on success, 1 with output/failure written otherwise.
 */
public final class TrainerMain {
    private TrainerMain() {
    }

    public static void main(String[] args) {
        Path root = Path.of(System.getenv().getOrDefault("LAMBDAREC_ML_ROOT", "/opt/ml"));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--root") && i + 1 < args.length) {
                root = Path.of(args[++i]);
            }
        }
        try {
            new Trainer(root, Clock.systemUTC()).run();
        } catch (Exception e) {
            System.err.println("training failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
