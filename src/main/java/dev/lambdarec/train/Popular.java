package dev.lambdarec.train;

import dev.lambdarec.model.PopularityScorer;
import java.util.List;

/** The most-popular baseline: items ranked by their number of training interactions. */
public final class Popular implements Algorithm {
    @Override
    public String name() {
        return "popular";
    }

    @Override
    public TrainedModel fit(TrainingData data, Hyperparameters hyperparameters, TrainingLoop.Validation validation) {
        float[] counts = new float[data.numItems];
        for (int item : data.trainItems) {
            counts[item]++;
        }
        float total = Math.max(1, data.trainItems.length);
        for (int i = 0; i < counts.length; i++) {
            counts[i] /= total;
        }
        return new TrainedModel(new PopularityScorer(counts, data.train), List.of());
    }
}
