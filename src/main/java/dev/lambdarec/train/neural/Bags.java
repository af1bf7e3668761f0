package dev.lambdarec.train.neural;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One side's categorical features (genres; gender, age decade, occupation) as a dense [rows, features] matrix:
 * {@link #mean} rows sum to 1 (a bag of embeddings averages its members), {@link #binary} rows are the plain
 * multi-hot vectors (wide crosses). A side without features gets one feature no row has, so shapes stay valid.
 */
record Bags(int rows, int width, float[] mean, float[] binary) {

    static Bags of(List<List<String>> features) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (List<String> row : features) {
            for (String feature : row) {
                index.putIfAbsent(feature, index.size());
            }
        }
        int width = Math.max(1, index.size());
        int rows = features.size();
        float[] mean = new float[rows * width];
        float[] binary = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            List<String> row = features.get(r);
            for (String feature : row) {
                binary[r * width + index.get(feature)] = 1f;
            }
            for (String feature : row) {
                mean[r * width + index.get(feature)] += 1f / row.size();
            }
        }
        return new Bags(rows, width, mean, binary);
    }

    /** The mean of the rows' member embeddings: [rows, width] x [width, dims]. */
    float[] embed(float[] table, int dims) {
        float[] out = new float[rows * dims];
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < width; f++) {
                float weight = mean[r * width + f];
                if (weight != 0f) {
                    for (int d = 0; d < dims; d++) {
                        out[r * dims + d] += weight * table[f * dims + d];
                    }
                }
            }
        }
        return out;
    }
}
