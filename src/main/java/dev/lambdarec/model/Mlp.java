package dev.lambdarec.model;

import dev.lambdarec.io.NpzFile;
import dev.lambdarec.io.NpzWriter;
import java.io.IOException;

/** Dense ReLU layers in plain Java, weights [out, in] row-major as the trainer's layers store them. */
public record Mlp(float[][] weights, float[][] biases) {

    public Mlp {
        for (int l = 0; l < weights.length; l++) {
            if (biases[l].length == 0 || weights[l].length % biases[l].length != 0) {
                throw new IllegalArgumentException("layer " + l + ": " + weights[l].length + " weights do not fit " + biases[l].length + " outputs");
            }
        }
    }

    public int layers() {
        return weights.length;
    }

    public int inputWidth(int layer) {
        return weights[layer].length / biases[layer].length;
    }

    public int outputWidth() {
        return biases[weights.length - 1].length;
    }

    /** Scratch buffers for {@link #apply}: one per layer output (callers keep one set per thread). */
    public float[][] scratch() {
        float[][] out = new float[weights.length][];
        for (int l = 0; l < weights.length; l++) {
            out[l] = new float[biases[l].length];
        }
        return out;
    }

    /** ReLU(W x + b) layer by layer; returns the last layer's buffer from {@code scratch}. */
    public float[] apply(float[] x, float[][] scratch) {
        float[] in = x;
        for (int l = 0; l < weights.length; l++) {
            float[] out = scratch[l];
            float[] w = weights[l];
            int width = w.length / out.length;
            for (int o = 0; o < out.length; o++) {
                float sum = biases[l][o];
                for (int k = 0, row = o * width; k < width; k++) {
                    sum += w[row + k] * in[k];
                }
                out[o] = Math.max(0f, sum);
            }
            in = out;
        }
        return in;
    }

    public void writeTo(NpzWriter npz, String name) throws IOException {
        for (int l = 0; l < weights.length; l++) {
            npz.addFloats(name + l + "_w", weights[l], new long[] {biases[l].length, inputWidth(l)});
            npz.addFloats(name + l + "_b", biases[l], new long[] {biases[l].length});
        }
    }

    public static Mlp read(NpzFile npz, String name) {
        int layers = 0;
        while (npz.has(name + layers + "_w")) {
            layers++;
        }
        float[][] weights = new float[layers][];
        float[][] biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            weights[l] = npz.array(name + l + "_w").floats();
            biases[l] = npz.array(name + l + "_b").floats();
        }
        return new Mlp(weights, biases);
    }
}
