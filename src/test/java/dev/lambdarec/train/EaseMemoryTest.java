package dev.lambdarec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambdarec.synth.SyntheticSpec;
import dev.lambdarec.testing.TestData;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * EASE states what it needs (3 x 4 n^2 bytes) and checks it against the heap before it allocates: a catalogue that
 * cannot fit is refused in numbers; two-stage's default rankers go on without it, a user's explicit choice fails.
 */
class EaseMemoryTest {
    private static final TrainingData DATA = TestData.trainingData(new SyntheticSpec(300, 200, 12_000, 4, 0.6, 6.0, 3), "stratified-user:0.8:1");
    private final LongSupplier realHeap = Ease.freeHeap;

    @AfterEach
    void restoreTheHeap() {
        Ease.freeHeap = realHeap;
    }

    @Test
    void theNeedIsStatedInNumbers() {
        assertThat(Ease.bytesNeeded(10_000)).isEqualTo(1_200_000_000L);
        assertThat(Ease.wontFit(10_000, 2_000_000_000L)).isNull();
        assertThat(Ease.wontFit(10_000, 1_000_000_000L))
                .isEqualTo("ease on 10,000 items needs about 1.20 GB (3 x 4 n^2 bytes: the Gram matrix and its inverse in double,"
                        + " the weights in float); 1.00 GB of heap is free");
        assertThat(Ease.wontFit(50_000, Long.MAX_VALUE)).contains("50,000 items is over 46,340");
    }

    @Test
    void aCatalogueThatCannotFitIsRefusedBeforeAnythingIsAllocated() {
        Ease.freeHeap = () -> 100_000; // 200 items need 480 KB
        assertThatThrownBy(() -> new Ease().train(DATA, Hyperparameters.of(), TrainingLoop.Validation.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ease on 200 items needs about 0.5 MB (3 x 4 n^2 bytes: the Gram matrix and its inverse in double, the "
                        + "weights in float); 0.1 MB of heap is free (filter items with minItemInteractions, or train on an instance with more memory)");
    }

    @Test
    void twoStageDropsEaseFromItsDefaultRankersButNotFromTheUsersChoice() {
        Ease.freeHeap = () -> 100_000;
        TrainedModel model = new TwoStage().train(DATA, Hyperparameters.of("retriever.factors", "8", "ranker.epochs", "1",
                "candidates", "30"), TrainingLoop.Validation.NONE);
        assertThat(model.metrics()).containsKeys("weight_retriever", "weight_ranker").doesNotContainKey("weight_ranker2");
        assertThatThrownBy(() -> new TwoStage().train(DATA, Hyperparameters.of("ranker", "ease,popular", "candidates", "30"),
                TrainingLoop.Validation.NONE)).hasMessageContaining("ease on 200 items needs about 0.5 MB");

        Ease.freeHeap = realHeap; // room again: the default keeps it
        TrainedModel both = new TwoStage().train(DATA, Hyperparameters.of("retriever.factors", "8", "ranker.epochs", "1",
                "candidates", "30", "blend", "0.4,0.3,0.3"), TrainingLoop.Validation.NONE);
        assertThat(both.metrics()).containsKey("weight_ranker2");
    }
}
