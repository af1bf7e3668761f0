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
        RatingsLayout layout = input.layout();
        InteractionLog log = new InteractionLog(new IdVocabulary(layout.charset()), new IdVocabulary(layout.charset()),
                layout.hasRating(), layout.hasTimestamp());
        String fileName = SourceFiles.baseName(input.ratingsMember());
        long started = System.nanoTime();
        RatingsParser.Counts counts;
        try (InputStream in = input.files().open(input.ratingsMember())) {
            counts = new RatingsParser(fileName, layout, log, rejections).parse(in);
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
