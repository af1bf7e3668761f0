package dev.lambdarec.train;

/**
 * One recommender algorithm. Every algorithm trains from the same {@link TrainingData} and returns a scorer
 * the plain-Java serving path runs; callers never branch on which one it is.
 */
public interface Algorithm {
    String name();

    /** True for rating-prediction models: they are validated and judged by rating error, not ranking. */
    default boolean predictsRatings() {
        return false;
    }

    TrainedModel train(TrainingData data, Hyperparameters hyperparameters, TrainingLoop.Validation validation);
}
