package dev.lambdarec.prepare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Map;

/**
 * {@code datasets/<datasetId>/manifest.json}: what a dataset is, where it came from, how it was made, and
 * every count needed to check that nothing was lost. Written last, so its presence means the dataset is whole.
 */
public record DatasetManifest(
        int schemaVersion,
        String datasetId,
        String created,
        Source source,
        Parameters parameters,
        Counts counts,
        Map<String, Long> rejectedByReason,
        DatasetStats stats,
        Map<String, List<Column>> columns,
        Map<String, FileEntry> files,
        Map<String, Double> timingsSeconds,
        String producer) {

    public static final int SCHEMA_VERSION = 1;

    /**
     * Reads a manifest as prepare wrote it, refusing one whose schema version this code does not know (a dataset
     * from a newer prepare, or not a manifest at all) before anything is trained on it.
     */
    public static DatasetManifest read(byte[] json, String where) {
        JsonNode tree;
        try {
            tree = PrepareService.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + " is not readable JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(where + " is not readable JSON: " + e.getMessage());
        }
        JsonNode version = tree == null ? null : tree.get("schemaVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new IllegalArgumentException(where + " has no schemaVersion: not a dataset manifest prepare wrote");
        }
        if (version.asInt() != SCHEMA_VERSION) {
            throw new IllegalArgumentException(where + " has schema version " + version.asInt() + "; this code reads version "
                    + SCHEMA_VERSION + " (prepare the data again with this version, or use the trainer image of the version that prepared it)");
        }
        try {
            return PrepareService.JSON.treeToValue(tree, DatasetManifest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + " does not match manifest schema version " + SCHEMA_VERSION + ": " + e.getOriginalMessage());
        }
    }

    public record Source(String uri, String format, String ratingsFile, Map<String, String> inputSha256) {
    }

    public record Parameters(String split, int negatives, int testNegatives, long seed, int minUserInteractions,
                             int minItemInteractions, Double ratingThreshold, String coldStart, String csv) {
    }

    /**
     * rowsRead = accepted + rejected + duplicatesMerged; accepted = interactions + belowThreshold + removedByMinimums;
     * interactions = train + test + coldTestRowsDropped.
     */
    public record Counts(long rowsRead, long accepted, long rejected, long duplicatesMerged, long belowThreshold,
                         long removedByMinimums, long interactions, int users, int items, long train, long test,
                         long trainNegatives, long testNegatives, long testUsers, long coldUserTestRows,
                         long coldItemTestRows, long coldTestRowsDropped, long sideRowsRejected, long headerLines) {
    }

    public record Column(String name, String dtype, String meaning) {
    }

    public record FileEntry(String sha256, long bytes) {
    }
}
