package dev.lambdarec.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * How to read one delimited ratings file: delimiter, header, which columns hold user, item, rating and timestamp,
 * the text encoding, CSV quoting and the rating scale. Columns may be named only when the file has a header.
 * {@code fieldCount > 0} requires exactly that many fields per row; 0 takes the header's count, or without a
 * header requires at least enough fields for the highest column used.
 */
public record RatingsLayout(
        String delimiter,
        boolean header,
        ColumnRef user,
        ColumnRef item,
        ColumnRef rating,
        ColumnRef timestamp,
        Charset charset,
        boolean quoted,
        RatingScale scale,
        int fieldCount) {

    public RatingsLayout {
        if (delimiter == null || delimiter.isEmpty()) {
            throw new IllegalArgumentException("delimiter must not be empty");
        }
        if (!user.present() || !item.present()) {
            throw new IllegalArgumentException("the user and item columns are required");
        }
        if (!header && (user.byName() || item.byName() || rating.byName() || timestamp.byName())) {
            throw new IllegalArgumentException("columns can be given by name only when the file has a header");
        }
    }

    public boolean hasRating() {
        return rating.present();
    }

    public boolean hasTimestamp() {
        return timestamp.present();
    }

    public boolean utf8() {
        return charset.equals(StandardCharsets.UTF_8);
    }
}
