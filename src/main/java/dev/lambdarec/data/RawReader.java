package dev.lambdarec.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.logging.Logger;

/** Reads a resolved raw input: ratings parsed and validated, deduplicated, and its side files. */
public final class RawReader {
    private static final Logger LOG = Logger.getLogger(RawReader.class.getName());

    /** What reading gave; the rejected rows themselves went to the {@link Rejections}. */
    public record Read(Interactions interactions, RatingsParser.Counts counts, long duplicatesMerged,
                       SideTable users, SideTable items, long sideRowsRejected, double parseSeconds) {
    }

    private RawReader() {
    }

    public static Read read(RawInput input, Rejections rejections) throws IOException {
        return read(input, null, rejections);
    }

    /**
     * The input, and beside it {@code events}: a CSV of recorded events (header user,item,rating,timestamp,...), read
     * into the same id vocabularies and the same deduplication, so an event about a known user and item is one more
     * interaction of theirs (the latest of a repeated pair wins, as within one file); null for none.
     */
    public static Read read(RawInput input, java.nio.file.Path events, Rejections rejections) throws IOException {
        RatingsLayout layout = input.layout();
        InteractionLog log = new InteractionLog(new IdVocabulary(layout.charset()), new IdVocabulary(layout.charset()),
                layout.hasRating(), layout.hasTimestamp());
        String fileName = SourceFiles.baseName(input.ratingsMember());
        long started = System.nanoTime();
        RatingsParser.Counts counts;
        try (InputStream in = input.files().open(input.ratingsMember())) {
            counts = new RatingsParser(fileName, layout, log, rejections).parse(in);
        }
        if (events != null) {
            try (SourceFiles eventFiles = SourceFiles.open(events)) {
                RawInput recorded = RawInput.resolve(eventFiles, RatingsFormat.CSV, CsvOptions.DEFAULT);
                try (InputStream in = recorded.files().open(recorded.ratingsMember())) {
                    RatingsParser.Counts more = new RatingsParser(SourceFiles.baseName(recorded.ratingsMember()), recorded.layout(), log,
                            rejections).parse(in);
                    LOG.info(String.format("recorded events: %,d rows, %,d accepted, %,d rejected", more.rowsRead(), more.accepted(), more.rejected()));
                    counts = new RatingsParser.Counts(counts.rowsRead() + more.rowsRead(), counts.accepted() + more.accepted(),
                            counts.rejected() + more.rejected(), counts.headerLines() + more.headerLines());
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info(String.format("%s: read %,d rows in %.2f s (%,.0f rows/s): %,d accepted, %,d rejected", fileName,
                counts.rowsRead(), seconds, counts.rowsRead() / Math.max(seconds, 1e-9), counts.accepted(), counts.rejected()));
        if (counts.accepted() == 0) {
            throw new InvalidInputException(fileName + ": none of the " + counts.rowsRead() + " rows is valid "
                    + rejections.byReason());
        }
        Deduplicator.Result deduplicated = Deduplicator.deduplicate(log);
        long before = rejections.total();
        SideTable items = input.readItems(rejections);
        SideTable users = input.readUsers(rejections);
        return new Read(deduplicated.interactions(), counts, deduplicated.duplicatesMerged(), users, items,
                rejections.total() - before, seconds);
    }
}
