package dev.lambdarec.train.neural;

import dev.lambdarec.model.Mlp;
import dev.lambdarec.train.Hyperparameters;

/** Hyperparameters and export steps every neural model shares. */
final class Layers {
    private Layers() {
    }

    /** The optimiser's settings, with each model's own declared defaults. */
    static Session.Settings settings(Hyperparameters hp) {
        return new Session.Settings(hp.integer("epochs"), hp.integer("batch_size"),
                (float) hp.real("learning_rate"), (float) hp.real("weight_decay"),
                hp.seed());
    }

    /** Dense layers {@code prefix<from>} .. {@code prefix<to - 1>} as a plain-Java MLP (the serving side's copy). */
    static Mlp mlp(Net net, String prefix, int from, int to) {
        float[][] weights = new float[to - from][];
        float[][] biases = new float[to - from][];
        for (int l = from; l < to; l++) {
            weights[l - from] = net.floats(prefix + l + ".w");
            biases[l - from] = net.floats(prefix + l + ".b");
        }
        return new Mlp(weights, biases);
    }

    /** A first layer's output split by input side; the bias goes with the item half. */
    record FirstLayer(float[] user, float[] item, int width) {
    }

    /**
     * Splits dense layer {@code name} over [userInput | itemInput]: user half = x_u W_u', item half = x_i W_i' + b,
     * for every user and every item. Inputs are row-major [rows, width].
     */
    static FirstLayer split(Net net, String name, float[] userInputs, int users, float[] itemInputs, int items, int userWidth) {
        float[] w = net.floats(name + ".w");
        float[] b = net.floats(name + ".b");
        int out = b.length;
        int in = w.length / out;
        int itemWidth = in - userWidth;
        float[] user = new float[users * out];
        float[] item = new float[items * out];
        for (int u = 0; u < users; u++) {
            for (int o = 0; o < out; o++) {
                float sum = 0;
                for (int k = 0; k < userWidth; k++) {
                    sum += userInputs[u * userWidth + k] * w[o * in + k];
                }
                user[u * out + o] = sum;
            }
        }
        for (int i = 0; i < items; i++) {
            for (int o = 0; o < out; o++) {
                float sum = b[o];
                for (int k = 0; k < itemWidth; k++) {
                    sum += itemInputs[i * itemWidth + k] * w[o * in + userWidth + k];
                }
                item[i * out + o] = sum;
            }
        }
        return new FirstLayer(user, item, out);
    }
}
