package dev.lambdarec.prepare;

import dev.lambdarec.common.BadRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarec.data.ColumnRef;
import dev.lambdarec.data.CsvOptions;
import dev.lambdarec.data.InteractionFilter;
import dev.lambdarec.data.RatingScale;
import dev.lambdarec.data.RatingsFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a direct prepare request, e.g. {@code {"source":"s3://bucket/raw/ml-100k.zip","format":"movielens-100k",
 * "split":"leave-last:10","negatives":4}}, checking every field's type and range; errors name the field.
 */
public final class PrepareRequestParser {
    static final Set<String> FIELDS = Set.of("source", "sources", "format", "csv", "split", "negatives", "testNegatives", "seed",
            "minUserInteractions", "minItemInteractions", "ratingThreshold", "coldStart");
    static final Set<String> CSV_FIELDS = Set.of("columns", "delimiter", "header", "ratingRange", "file");

    private final PrepareDefaults defaults;

    /** The raw ratings and at most 15 prefixes of recorded events. */
    static final int MAX_SOURCES = 16;

    public PrepareRequestParser(PrepareDefaults defaults) {
        this.defaults = defaults;
    }

    public PrepareRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException("request must be a JSON object with at least 'source' and 'format'");
        }
        unknownFields(body, FIELDS, "");
        if (body.has("source") && body.has("sources")) {
            throw new BadRequestException("give exactly one of 'source' (the raw ratings) and 'sources' (the raw ratings, then "
                    + "prefixes of recorded events such as s3://bucket/events/)");
        }
        List<String> eventSources = new ArrayList<>();
        String source;
        if (!body.has("sources")) {
            source = requiredText(body, "source");
        } else {
            JsonNode sources = body.get("sources");
            if (!sources.isArray() || sources.isEmpty() || sources.size() > MAX_SOURCES) {
                throw new BadRequestException("sources must be an array of 1 to " + MAX_SOURCES + " URIs: the raw ratings first, then "
                        + "prefixes of recorded events");
            }
            for (int n = 0; n < sources.size(); n++) {
                if (!sources.get(n).isTextual() || sources.get(n).asText().isBlank()) {
                    throw new BadRequestException("sources[" + n + "] must be a non-empty string");
                }
            }
            source = sources.get(0).asText();
            for (int n = 1; n < sources.size(); n++) {
                eventSources.add(sources.get(n).asText());
            }
        }
        RatingsFormat format;
        try {
            format = RatingsFormat.parse(requiredText(body, "format"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("format: " + e.getMessage());
        }
        CsvOptions csv = csv(body.get("csv"), format);
        SplitSpec split;
        try {
            split = SplitSpec.parse(optionalText(body, "split", defaults.split()));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("split: " + e.getMessage());
        }
        int negatives = integer(body, "negatives", defaults.negatives(), 0, PrepareRequest.MAX_NEGATIVES);
        int testNegatives = integer(body, "testNegatives", defaults.testNegatives(), 0, PrepareRequest.MAX_TEST_NEGATIVES);
        long seed = body.has("seed") ? longValue(body, "seed") : defaults.seed();
        int minUser = integer(body, "minUserInteractions", 0, 0, 1_000_000);
        int minItem = integer(body, "minItemInteractions", 0, 0, 1_000_000);
        Double threshold = null;
        if (body.hasNonNull("ratingThreshold")) {
            JsonNode node = body.get("ratingThreshold");
            if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
                throw new BadRequestException("ratingThreshold must be a finite number, was " + node);
            }
            threshold = node.asDouble();
        }
        Split.ColdStart coldStart;
        try {
            coldStart = Split.ColdStart.parse(optionalText(body, "coldStart", defaults.coldStart()));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("coldStart: " + e.getMessage());
        }
        return new PrepareRequest(source, format, csv, split, negatives, testNegatives, seed,
                new InteractionFilter(threshold, minUser, minItem), coldStart, eventSources);
    }

    private CsvOptions csv(JsonNode node, RatingsFormat format) {
        if (node == null || node.isNull()) {
            return CsvOptions.DEFAULT;
        }
        if (format != RatingsFormat.CSV) {
            throw new BadRequestException("csv: options apply only to format 'csv', not '" + format + "'");
        }
        if (!node.isObject()) {
            throw new BadRequestException("csv must be an object such as {\"columns\":\"user=userId,item=movieId\",\"delimiter\":\",\"}");
        }
        unknownFields(node, CSV_FIELDS, "csv.");
        try {
            Map<String, ColumnRef> columns = columns(node.get("columns"));
            String delimiter = node.hasNonNull("delimiter") ? textOf(node, "delimiter", "csv.") : null;
            Boolean header = null;
            if (node.hasNonNull("header")) {
                if (!node.get("header").isBoolean()) {
                    throw new BadRequestException("csv.header must be true or false, was " + node.get("header"));
                }
                header = node.get("header").asBoolean();
            }
            RatingScale scale = CsvOptions.parseScale(node.hasNonNull("ratingRange") ? textOf(node, "ratingRange", "csv.") : null);
            String file = node.hasNonNull("file") ? textOf(node, "file", "csv.") : null;
            return new CsvOptions(columns, delimiter, header, scale, file);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("csv." + e.getMessage());
        }
    }

    private static Map<String, ColumnRef> columns(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (node.isTextual()) {
            return CsvOptions.parseColumns(node.asText());
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("columns must be text like \"user=userId,item=movieId\" or an object");
        }
        StringBuilder spec = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual() && !entry.getValue().canConvertToInt()) {
                throw new IllegalArgumentException("columns: '" + entry.getKey() + "' must be a column name or index");
            }
            spec.append(spec.length() == 0 ? "" : ",").append(entry.getKey()).append('=').append(entry.getValue().asText());
        }
        return CsvOptions.parseColumns(spec.toString());
    }

    private static void unknownFields(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw new BadRequestException("unknown field '" + prefix + name + "' (known: " + new java.util.TreeSet<>(known) + ")");
            }
        }
    }

    private static String requiredText(JsonNode body, String field) {
        if (!body.hasNonNull(field)) {
            throw new BadRequestException(field + " is required");
        }
        String text = textOf(body, field, "");
        if (text.isBlank()) {
            throw new BadRequestException(field + " must not be empty");
        }
        return text;
    }

    private static String optionalText(JsonNode body, String field, String fallback) {
        return body.hasNonNull(field) ? textOf(body, field, "") : fallback;
    }

    private static String textOf(JsonNode node, String field, String prefix) {
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
            throw new BadRequestException(prefix + field + " must be a string, was " + value.getNodeType().name().toLowerCase() + " " + value);
        }
        return value.asText();
    }

    private static int integer(JsonNode body, String field, int fallback, int min, int max) {
        if (!body.hasNonNull(field)) {
            return fallback;
        }
        JsonNode value = body.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new BadRequestException(field + " must be an integer, was " + value);
        }
        int n = value.asInt();
        if (n < min || n > max) {
            throw new BadRequestException(field + " must be between " + min + " and " + max + ", was " + n);
        }
        return n;
    }

    private static long longValue(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new BadRequestException(field + " must be an integer, was " + value);
        }
        return value.asLong();
    }
}
