package dev.lambdarec.testing;

import dev.lambdarec.synth.SyntheticInteractions;
import dev.lambdarec.synth.SyntheticSpec;
import dev.lambdarec.train.TrainingData;

/**
 * The planted-structure fixture of the similar-items and fold-in tests: 600 users, 400 items in 4 soft clusters
 * (an item's strongest factor), 40,000 interactions, split per user 80/20.
 */
public final class PlantedClusters {
    public static final SyntheticSpec SPEC = new SyntheticSpec(600, 400, 40_000, 4, 0.6, 6.0, 13);
    public static final SyntheticInteractions PLANTED = new SyntheticInteractions(SPEC);

    private PlantedClusters() {
    }

    public static TrainingData trainingData() {
        return TestData.trainingData(SPEC, "stratified-user:0.8:1");
    }
}
