package dev.lambdarec.train;

import dev.lambdarec.model.UserItems;
import java.util.logging.Logger;

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

    /**
     * Reads every hyperparameter exactly as {@link #train} does, throwing IllegalArgumentException on a bad one,
     * so a request is refused before a job starts: a dry run on a three-user matrix. Where the algorithm's
     * library is missing (the Lambda has neither Tribuo nor DJL) the run stops there; every algorithm reads its
     * hyperparameters before touching its library, so they are checked all the same.
     */
    default void check(Hyperparameters hyperparameters) {
        try {
            train(tinyData(), hyperparameters, TrainingLoop.Validation.NONE);
        } catch (NoClassDefFoundError e) {
            Logger.getLogger(Algorithm.class.getName()).info("no dry run for " + name() + " here: " + e.getMessage());
        }
    }

    private static TrainingData tinyData() {
        int[] users = {0, 0, 1, 1, 2, 2};
        int[] items = {0, 1, 1, 2, 2, 3};
        float[] ratings = {5, 3, 4, 2, 1, 5};
        return new TrainingData("dry-run", 3, 4, users, items, ratings, null, new int[0], new int[0], new int[] {0}, new int[] {3},
                new float[] {4}, UserItems.of(3, new int[0], new int[0], null), SideFeatures.none(3, 4));
    }
}
