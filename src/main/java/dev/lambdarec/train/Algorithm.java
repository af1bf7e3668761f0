package dev.lambdarec.train;

/**
 * One recommender algorithm. Every algorithm trains from the same {@link TrainingData} and returns a scorer
 * the plain-Java serving path runs; callers never branch on which one it is.
 */
public interface Algorithm {
    String name();

    /**
     * True when the model predicts ratings (judged by rating error, not ranking); some algorithms do either,
     * by a hyperparameter, hence the argument.
     */
    default boolean predictsRatings(Hyperparameters hyperparameters) {
        return false;
    }

    TrainedModel train(TrainingData data, Hyperparameters hyperparameters, TrainingLoop.Validation validation);
}
