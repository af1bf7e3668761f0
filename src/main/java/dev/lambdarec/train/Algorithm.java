package dev.lambdarec.train;


/**
 * One recommender algorithm. Every algorithm trains from the same {@link TrainingData} and returns a scorer
 * the plain-Java serving path runs; callers never branch on which one it is.
 */
public interface Algorithm {
    String name();

    /**
     * True when the model predicts ratings (judged by rating error, not ranking), as its declaration says for
     * these values (mf and fm always, wide-deep with objective=rating).
     */
    default boolean predictsRatings(Hyperparameters hyperparameters) {
        return hyperparameters.bind(name()).predictsRatings();
    }

    /** Trains with the hyperparameters read through this algorithm's declarations ({@code AlgorithmSchemas}). */
    default TrainedModel train(TrainingData data, Hyperparameters hyperparameters, TrainingLoop.Validation validation) {
        return fit(data, hyperparameters.bind(name()), validation);
    }

    /** The training itself; {@code hyperparameters} are bound to this algorithm. */
    TrainedModel fit(TrainingData data, Hyperparameters hyperparameters, TrainingLoop.Validation validation);
}
