package dev.lambdarec.prepare;

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
