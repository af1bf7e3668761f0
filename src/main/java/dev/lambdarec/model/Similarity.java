package dev.lambdarec.model;

/** How item vectors are compared for similar items: cosine (default) or the raw dot product. */
public enum Similarity {
    COSINE, DOT;

    public static Similarity parse(String text) {
        return switch (text) {
            case "cosine" -> COSINE;
            case "dot" -> DOT;
            default -> throw new IllegalArgumentException("similarity must be cosine or dot, was '" + text + "'");
        };
    }
}
