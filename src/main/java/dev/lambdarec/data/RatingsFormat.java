package dev.lambdarec.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The input formats prepare reads. */
public enum RatingsFormat {
    MOVIELENS_100K("movielens-100k"),
    MOVIELENS_1M("movielens-1m"),
    MOVIELENS_LATEST("movielens-latest"),
    CSV("csv");

    public final String text;

    RatingsFormat(String text) {
        this.text = text;
    }

    public static RatingsFormat parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (RatingsFormat format : values()) {
            if (format.text.equals(wanted)) {
                return format;
            }
        }
        throw new IllegalArgumentException("format '" + text + "' is not one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(f -> f.text).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return text;
    }
}
