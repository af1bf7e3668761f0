package dev.lambdarec.prepare;

import dev.lambdarec.common.BadRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps an S3 {@code ObjectCreated} notification to prepare requests: the uploaded key decides the format
 * (MovieLens archives and files by name, other delimited files as generic CSV); side files and other
 * uploads are skipped with a reason. Split and sampling come from the deployment's defaults.
 */
public final class S3EventRouter {
    private static final Set<String> SIDE_FILES = Set.of("u.item", "u.user", "u.genre", "u.info", "u.occupation",
            "movies.dat", "users.dat", "movies.csv", "tags.csv", "links.csv", "genome-scores.csv", "genome-tags.csv");

    /** One notification record: a request to run, or why it is skipped. */
    public record Routed(String uri, JsonNode request, String skipped) {
    }

    private S3EventRouter() {
    }

    public static boolean isS3Event(JsonNode body) {
        return body != null && body.has("Records");
    }

    public static List<Routed> route(JsonNode event) {
        JsonNode records = event.get("Records");
        if (!records.isArray() || records.isEmpty()) {
            throw new BadRequestException("Records must be a non-empty array of S3 event records");
        }
        List<Routed> routed = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            routed.add(routeRecord(records.get(i), i));
        }
        return routed;
    }

    private static Routed routeRecord(JsonNode record, int index) {
        String where = "Records[" + index + "]";
        if (!"aws:s3".equals(record.path("eventSource").asText())) {
            throw new BadRequestException(where + ".eventSource must be 'aws:s3', was " + record.path("eventSource"));
        }
        String bucket = record.path("s3").path("bucket").path("name").asText("");
        String encodedKey = record.path("s3").path("object").path("key").asText("");
        if (bucket.isEmpty()) {
            throw new BadRequestException(where + ".s3.bucket.name is missing");
        }
        if (encodedKey.isEmpty()) {
            throw new BadRequestException(where + ".s3.object.key is missing");
        }
        // S3 notifications URL-encode keys ('+' for space).
        String key = URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
        String uri = "s3://" + bucket + "/" + key;
        if (!record.path("eventName").asText("").startsWith("ObjectCreated:")) {
            return new Routed(uri, null, "event " + record.path("eventName").asText() + " is not an ObjectCreated event");
        }
        String name = key.substring(key.lastIndexOf('/') + 1);
        String lower = name.toLowerCase(Locale.ROOT);
        String parent = "s3://" + bucket + "/" + key.substring(0, key.lastIndexOf('/') + 1);
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        if (lower.endsWith(".zip")) {
            String format = lower.startsWith("ml-100k") ? "movielens-100k"
                    : lower.startsWith("ml-1m") ? "movielens-1m"
                    : lower.startsWith("ml-") ? "movielens-latest" : null;
            if (format == null) {
                return new Routed(uri, null, "archive " + name + " is not a MovieLens archive (ml-100k, ml-1m, ml-latest*, ml-20m...)");
            }
            return new Routed(uri, request.put("source", uri).put("format", format), null);
        }
        switch (lower) {
            case "u.data" -> {
                return new Routed(uri, request.put("source", parent).put("format", "movielens-100k"), null);
            }
            case "ratings.dat" -> {
                return new Routed(uri, request.put("source", parent).put("format", "movielens-1m"), null);
            }
            case "ratings.csv" -> {
                return new Routed(uri, request.put("source", parent).put("format", "movielens-latest"), null);
            }
            default -> {
            }
        }
        if (SIDE_FILES.contains(lower) || lower.startsWith("readme")) {
            return new Routed(uri, null, name + " is a side file; its ratings file triggers the dataset");
        }
        if (lower.matches(".*\\.(csv|tsv|txt|dat)(\\.gz)?$")) {
            return new Routed(uri, request.put("source", uri).put("format", "csv"), null);
        }
        return new Routed(uri, null, name + " is not a ratings file (.zip, .csv, .tsv, .txt, .dat)");
    }
}
