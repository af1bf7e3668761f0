package dev.lambdarec.prepare;

import dev.lambdarec.data.CsvOptions;
import dev.lambdarec.data.InteractionFilter;
import dev.lambdarec.data.RatingsFormat;

/**
 * One prepare job: where the raw ratings are, how to read them, and how to split and sample them;
 * {@code eventSources} are prefixes of events the events function recorded, read beside the ratings.
 */
public record PrepareRequest(
        String source,
        RatingsFormat format,
        CsvOptions csv,
        SplitSpec split,
        int negatives,
        int testNegatives,
        long seed,
        InteractionFilter filter,
        Split.ColdStart coldStart,
        java.util.List<String> eventSources) {

    public static final int MAX_NEGATIVES = 100;
    public static final int MAX_TEST_NEGATIVES = 1000;

    /** A request without recorded events. */
    public PrepareRequest(String source, RatingsFormat format, CsvOptions csv, SplitSpec split, int negatives, int testNegatives,
                          long seed, InteractionFilter filter, Split.ColdStart coldStart) {
        this(source, format, csv, split, negatives, testNegatives, seed, filter, coldStart, java.util.List.of());
    }

    public PrepareRequest {
        eventSources = java.util.List.copyOf(eventSources);
        if (negatives < 0 || negatives > MAX_NEGATIVES) {
            throw new IllegalArgumentException("negatives must be between 0 and " + MAX_NEGATIVES + ", was " + negatives);
        }
        if (testNegatives < 0 || testNegatives > MAX_TEST_NEGATIVES) {
            throw new IllegalArgumentException("testNegatives must be between 0 and " + MAX_TEST_NEGATIVES + ", was " + testNegatives);
        }
    }

    /** Everything that changes the output, canonically (the dataset id hashes it with the input's content). */
    String canonicalParameters() {
        return "schema=" + DatasetManifest.SCHEMA_VERSION + ";format=" + format + ";csv="
                + (format == RatingsFormat.CSV ? csv.canonical() : "-") + ";split=" + split + ";negatives=" + negatives
                + ";testNegatives=" + testNegatives + ";seed=" + seed + ";threshold=" + filter.ratingThreshold()
                + ";minUser=" + filter.minUserInteractions() + ";minItem=" + filter.minItemInteractions()
                + ";coldStart=" + coldStart;
    }
}
