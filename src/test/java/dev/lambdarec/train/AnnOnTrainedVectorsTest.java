package dev.lambdarec.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambdarec.model.AnnIndex;
import dev.lambdarec.model.FactorScorer;
import dev.lambdarec.synth.SyntheticSpec;
import dev.lambdarec.testing.TestData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The index on vectors a trainer made (iALS: popular items long, rare ones short, the case where an inner-product
 * graph strands short vectors): asked for every item it is exact, and 100 candidates nearly are.
 */
class AnnOnTrainedVectorsTest {
    @Test
    void exactWhenAskedForEveryItemOnTrainedIalsVectors() {
        TrainingData data = TestData.trainingData(new SyntheticSpec(300, 400, 15_000, 4, 0.6, 6.0, 3), "stratified-user:0.8:1");
        FactorScorer exact = (FactorScorer) new Ials().train(data, Hyperparameters.of("factors", "8", "iterations", "3"), TrainingLoop.Validation.NONE).scorer();
        FactorScorer indexed = exact.withIndex(AnnIndex.build(exact.retrievalVectors(), exact.retrievalDimension(), new AnnIndex.Parameters(16, 100, 42)));
        float[] scratch = new float[data.numItems];
        long inAll = 0;
        long inHundred = 0;
        for (int u = 0; u < data.numUsers; u++) {
            int user = u;
            int[] top = exact.recommend(u, 10, scratch);
            java.util.function.IntPredicate unseen = i -> Arrays.binarySearch(exact.seen().items(), exact.seen().start(user), exact.seen().end(user), i) < 0;
            int[] all = indexed.retrieval().forUser(u, data.numItems, unseen);
            int[] hundred = indexed.retrieval().forUser(u, 100, unseen);
            for (int t : top) {
                inAll += Arrays.stream(all).anyMatch(c -> c == t) ? 1 : 0;
                inHundred += Arrays.stream(hundred).anyMatch(c -> c == t) ? 1 : 0;
            }
        }
        System.out.printf("trained iALS vectors, 400 items: true top 10 found asking for every item %.4f, with 100 candidates %.4f%n",
                inAll / (10.0 * data.numUsers), inHundred / (10.0 * data.numUsers));
        assertThat(inAll).as("every item is reachable").isEqualTo(10L * data.numUsers);
        assertThat(inHundred / (10.0 * data.numUsers)).isGreaterThanOrEqualTo(0.98);
    }
}
