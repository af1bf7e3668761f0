package dev.lambdarec.bench;

import dev.lambdarec.synth.SyntheticSpec;
import dev.lambdarec.testing.TestData;
import dev.lambdarec.train.Hyperparameters;
import dev.lambdarec.train.Ials;
import dev.lambdarec.train.TrainedModel;
import dev.lambdarec.train.TrainingData;
import dev.lambdarec.train.TrainingLoop;

/**
 * The iALS solver's rate: a seeded synthetic catalogue trained in memory, the median sweep's GFLOP/s as the model
 * records it (work counted from the solver's loops). {@code IalsRateBench USERS ITEMS INTERACTIONS [key=value...]};
 * scripts/bench-train.sh ials-rate runs it beside numpy's float32 matmul on the same cores.
 */
public final class IalsRateBench {
    public static void main(String[] args) {
        int users = Integer.parseInt(args[0]);
        int items = Integer.parseInt(args[1]);
        long interactions = Long.parseLong(args[2]);
        long started = System.nanoTime();
        TrainingData data = TestData.trainingData(new SyntheticSpec(users, items, interactions, 16, 0.8, 4.0, 42), "stratified-user:0.9:42");
        System.out.printf("data: %,d users x %,d items, %,d training interactions (%.1f s)%n", data.numUsers, data.numItems,
                data.trainUsers.length, (System.nanoTime() - started) / 1e9);
        java.util.Map<String, String> hp = new java.util.LinkedHashMap<>();
        hp.put("factors", "128");
        hp.put("iterations", "5");
        for (int a = 3; a < args.length; a++) {
            String[] kv = args[a].split("=", 2);
            hp.put(kv[0], kv[1]);
        }
        TrainedModel model = new Ials().train(data, new Hyperparameters(hp), TrainingLoop.Validation.NONE);
        System.out.printf("RESULT ials %s: sweep %.1f GFLOP, median %.2f s, %.2f GFLOP/s%n", hp, model.metrics().get("sweep_gflop"),
                model.metrics().get("sweep_seconds"), model.metrics().get("sweep_gflops_per_second"));
    }
}
