package dev.lambdarec.data;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How to read a generic delimited ratings file. Every setting is optional: without a column mapping the
 * header names are matched against common spellings (userId, user_id, movieId, item_id, rating, timestamp...),
 * without a delimiter the header line decides (comma, tab, semicolon, pipe or '::').
 *
 * @param columns  role -> column, as {@code user=userId,item=movieId,rating=rating,timestamp=ts} or by 0-based index
 * @param header   whether the first line names the columns; null: yes unless every column is given by index
 * @param file     which file of a directory or archive holds the ratings; null: the only data file there
 */
public record CsvOptions(Map<String, ColumnRef> columns, String delimiter, Boolean header, RatingScale scale, String file) {

    public static final CsvOptions DEFAULT = new CsvOptions(Map.of(), null, null, RatingScale.ANY, null);
    static final Set<String> ROLES = Set.of("user", "item", "rating", "timestamp");

    public CsvOptions {
        for (String role : columns.keySet()) {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("columns: unknown role '" + role + "' (roles: user, item, rating, timestamp)");
            }
        }
        if (delimiter != null && delimiter.isEmpty()) {
            throw new IllegalArgumentException("delimiter must not be empty");
        }
        if (!columns.isEmpty() && (!columns.containsKey("user") || !columns.containsKey("item"))) {
            throw new IllegalArgumentException("columns must map both user and item, got " + columns.keySet());
        }
    }

    /** Parses {@code user=userId,item=movieId,rating=2}: a number is a 0-based index, anything else a header name. */
    public static Map<String, ColumnRef> parseColumns(String spec) {
        Map<String, ColumnRef> columns = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return columns;
        }
        for (String pair : spec.split(",")) {
            String[] kv = pair.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new IllegalArgumentException("columns: '" + pair + "' is not role=column (e.g. user=userId,item=1)");
            }
            String role = kv[0].trim().toLowerCase(Locale.ROOT);
            if (columns.containsKey(role)) {
                throw new IllegalArgumentException("columns: role '" + role + "' given twice");
            }
            String column = kv[1].trim();
            if (column.matches("\\d+")) {
                columns.put(role, ColumnRef.at(Integer.parseInt(column)));
            } else if (column.matches("-\\d+")) {
                throw new IllegalArgumentException("columns: index for '" + role + "' must be >= 0, was " + column);
            } else {
                columns.put(role, ColumnRef.named(column));
            }
        }
        long distinct = columns.values().stream().distinct().count();
        if (distinct != columns.size()) {
            throw new IllegalArgumentException("columns: two roles name the same column in '" + spec + "'");
        }
        return columns;
    }

    /** Parses {@code MIN:MAX} or {@code MIN:MAX:STEP}. */
    public static RatingScale parseScale(String spec) {
        if (spec == null || spec.isBlank()) {
            return RatingScale.ANY;
        }
        String[] parts = spec.split(":");
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("ratingRange '" + spec + "' is not MIN:MAX or MIN:MAX:STEP");
        }
        try {
            double min = Double.parseDouble(parts[0]);
            double max = Double.parseDouble(parts[1]);
            double step = parts.length == 3 ? Double.parseDouble(parts[2]) : 0;
            return new RatingScale(min, max, step);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ratingRange '" + spec + "' has a part that is not a number");
        }
    }

    public boolean allByIndex() {
        return !columns.isEmpty() && columns.values().stream().noneMatch(ColumnRef::byName);
    }

    /** A canonical text of these options (part of the dataset id). */
    public String canonical() {
        return "columns=" + new java.util.TreeMap<>(columns) + ";delimiter=" + delimiter + ";header=" + header
                + ";scale=" + scale + ";file=" + file;
    }
}
