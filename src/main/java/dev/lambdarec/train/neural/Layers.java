package dev.lambdarec.train.neural;

import dev.lambdarec.model.Mlp;
import dev.lambdarec.train.Hyperparameters;

/** Hyperparameters and export steps every neural model shares. */
final class Layers {
    private Layers() {
    }

    /** A comma-separated list of layer widths, e.g. {@code 64,32,16,8}. */
    static int[] parse(Hyperparameters hp, String key, String fallback) {
        String text = hp.text(key, fallback).trim();
        String[] parts = text.split("\\s*[,-]\\s*");
        int[] sizes = new int[parts.length];
        for (int n = 0; n < parts.length; n++) {
            try {
                sizes[n] = Integer.parseInt(parts[n]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hyperparameter " + key + " must be layer widths like 64,32,16, was '" + text + "'");
            }
            if (sizes[n] < 1 || sizes[n] > 8192) {
                throw new IllegalArgumentException("hyperparameter " + key + " widths must be between 1 and 8192, was '" + text + "'");
            }
        }
        return sizes;
    }

    static Session.Settings settings(Hyperparameters hp, int epochs, int batchSize, double learningRate) {
        return new Session.Settings(hp.integer("epochs", epochs, 1, 10_000), hp.integer("batch_size", batchSize, 1, 1 << 20),
                (float) hp.real("learning_rate", learningRate, 1e-7, 10), (float) hp.real("weight_decay", 0.0, 0, 1),
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
