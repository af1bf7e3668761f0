package dev.lambdarec.model;

/**
 * A model's item vectors (row-major, {@code width} columns) compared for similar items: cosine, or the raw dot
 * product. Norms are computed once; a zero vector is like nothing (cosine 0).
 */
final class ItemVectors {
    private final float[] vectors;
    private final int width;
    private final float[] norms;

    ItemVectors(float[] vectors, int width) {
        this.vectors = vectors;
        this.width = width;
        int items = vectors.length / width;
        this.norms = new float[items];
        for (int i = 0; i < items; i++) {
            double sum = 0;
            for (int f = 0; f < width; f++) {
                float v = vectors[i * width + f];
                sum += v * v;
            }
            norms[i] = (float) Math.sqrt(sum);
        }
    }

    /** The concatenation, row by row, of two matrices over the same items (e.g. a model's two item tables). */
    static ItemVectors concatenated(float[] a, int widthA, float[] b, int widthB) {
        int items = a.length / widthA;
        float[] both = new float[items * (widthA + widthB)];
        for (int i = 0; i < items; i++) {
            System.arraycopy(a, i * widthA, both, i * (widthA + widthB), widthA);
            System.arraycopy(b, i * widthB, both, i * (widthA + widthB) + widthA, widthB);
        }
        return new ItemVectors(both, widthA + widthB);
    }

    void similarTo(int item, float[] out, Similarity metric) {
        int items = norms.length;
        int q = item * width;
        for (int x = 0; x < items; x++) {
            int r = x * width;
            float dot = 0;
            for (int f = 0; f < width; f++) {
                dot += vectors[q + f] * vectors[r + f];
            }
            if (metric == Similarity.COSINE) {
                float denominator = norms[item] * norms[x];
                dot = denominator > 0 ? dot / denominator : 0f;
            }
            out[x] = dot;
        }
    }
}
