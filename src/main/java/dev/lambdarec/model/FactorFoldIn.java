package dev.lambdarec.model;

import dev.lambdarec.io.NpzFile;
import dev.lambdarec.io.NpzWriter;
import java.io.IOException;

/**
 * How a factor model solves a new user's vector from a history with its item side fixed: the rule of the
 * algorithm that trained it, with that algorithm's own constants, stored beside the weights.
 */
public sealed interface FactorFoldIn permits ImplicitAlsFoldIn, RatingsFoldIn, BayesianFoldIn, ItemMeanFoldIn {
    /** A user's factors (the model's width) and bias (0 for models without biases). */
    record UserVector(float[] factors, float bias) {
    }

    UserVector solve(FactorScorer model, History history, int knownUser);

    void writeTo(NpzWriter npz) throws IOException;

    /** The rule stored in a weights file, or null for models trained before fold-in existed. */
    static FactorFoldIn read(NpzFile npz) {
        if (npz.has(ImplicitAlsFoldIn.KEY)) {
            return ImplicitAlsFoldIn.read(npz);
        }
        if (npz.has(RatingsFoldIn.KEY)) {
            return RatingsFoldIn.read(npz);
        }
        if (npz.has(BayesianFoldIn.KEY)) {
            return BayesianFoldIn.read(npz);
        }
        if (npz.has(ItemMeanFoldIn.KEY)) {
            return new ItemMeanFoldIn();
        }
        return null;
    }

    /** The constants of a stored rule, checked for their count so a corrupt file is refused, never misread. */
    static double[] constants(NpzFile npz, String key, int expected) {
        double[] values = npz.array(key).doubles();
        if (values.length != expected) {
            throw new CorruptModelException(key + " has " + values.length + " values, expected " + expected);
        }
        return values;
    }
}
