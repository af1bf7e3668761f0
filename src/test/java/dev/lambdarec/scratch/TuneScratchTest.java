package dev.lambdarec.scratch;

import dev.lambdarec.eval.Evaluator;
import dev.lambdarec.synth.SyntheticSpec;
import dev.lambdarec.testing.TestData;
import dev.lambdarec.train.*;
import org.junit.jupiter.api.Test;

class TuneScratchTest {
    @Test
    void tune() {
        TrainingData data = TestData.trainingData(new SyntheticSpec(400, 500, 24_000, 4, 0.6, 6.0, 7), "stratified-user:0.8:1");
        String[] runs = System.getProperty("runs").split(";");
        for (String run : runs) {
            String[] kv = run.trim().split("\\s+");
            Hyperparameters hp = Hyperparameters.of(java.util.Arrays.copyOfRange(kv, 1, kv.length));
            long t = System.nanoTime();
            TrainedModel m = Algorithms.byName(kv[0]).train(data, hp, TrainingLoop.Validation.NONE);
            var r = Evaluator.ranking(m.scorer(), data.test, 10).get("ndcg@10");
            var rm = data.hasRatings() ? Evaluator.rating(m.scorer(), data.testUsers, data.testItems, data.testRatings).get("rmse") : 0;
            System.out.printf("TUNE %s -> ndcg %.4f rmse %.4f  %.1fs%n", run, r, rm, (System.nanoTime() - t) / 1e9);
        }
    }
}
