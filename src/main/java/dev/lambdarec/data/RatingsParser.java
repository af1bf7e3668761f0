package dev.lambdarec.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * Streams one delimited ratings file into an {@link InteractionLog}. It works on raw bytes (no String per field),
 * validates every row and hands each bad row to {@link Rejections} with its line number and reason.
 * Rows read = rows accepted + rows rejected, always.
 */
public final class RatingsParser {
    private static final Logger LOG = Logger.getLogger(RatingsParser.class.getName());
    static final int MAX_ID_BYTES = 256;
    private static final int MAX_FIELDS = 64;
    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

    private final RatingsLayout layout;
    private final String fileName;
    private final InteractionLog log;
    private final Rejections rejections;
    private final CsvFields fields;

    private int expectedFields = -1;
    private boolean exactFields = true;
    private int userColumn;
    private int itemColumn;
    private int ratingColumn = -1;
    private int timestampColumn = -1;
    private double parsedValue;
    private long parsedLong;

    /** What one file gave. */
    public record Counts(long rowsRead, long accepted, long rejected, long headerLines) {
    }

    public RatingsParser(String fileName, RatingsLayout layout, InteractionLog log, Rejections rejections) {
        this.fileName = fileName;
        this.layout = layout;
        this.log = log;
        this.rejections = rejections;
        this.fields = new CsvFields(layout.delimiter(), layout.quoted(), MAX_FIELDS);
        if (!layout.header()) {
            resolveByIndex();
        }
    }

    public Counts parse(InputStream in) throws IOException {
        LineScanner lines = new LineScanner(in);
        long rowsRead = 0;
        long rejectedBefore = rejections.total();
        long acceptedBefore = log.size() + log.merged();
        long headerLines = 0;
        long started = System.nanoTime();
        long nextReport = started + PROGRESS_EVERY_NANOS;
        if (layout.header()) {
            if (!lines.next()) {
                throw new InvalidInputException(fileName + " is empty: expected a header line");
            }
            resolveHeader(lines);
            headerLines = 1;
        }
        while (lines.next()) {
            rowsRead++;
            parseRow(lines);
            if ((rowsRead & 0xFFFF) == 0 && System.nanoTime() > nextReport) {
                double seconds = (System.nanoTime() - started) / 1e9;
                LOG.info(String.format("%s: %,d rows read (%,.0f rows/s), %,d rejected",
                        fileName, rowsRead, rowsRead / seconds, rejections.total() - rejectedBefore));
                nextReport = System.nanoTime() + PROGRESS_EVERY_NANOS;
            }
        }
        return new Counts(rowsRead, log.size() + log.merged() - acceptedBefore, rejections.total() - rejectedBefore, headerLines);
    }

    private void parseRow(LineScanner lines) {
        byte[] line = lines.buffer();
        int start = lines.start();
        int end = lines.end();
        if (lines.tooLong()) {
            reject(lines, RejectReason.LINE_TOO_LONG, "line longer than " + LineScanner.MAX_LINE + " bytes");
            return;
        }
        if (isBlank(line, start, end)) {
            reject(lines, RejectReason.EMPTY_LINE, "empty line");
            return;
        }
        int count = fields.split(line, start, end);
        if (count < 0) {
            RejectReason reason = count == -1 ? RejectReason.UNTERMINATED_QUOTE : RejectReason.TEXT_AFTER_QUOTE;
            reject(lines, reason, count == -1 ? "a quoted field has no closing quote" : "text after a closing quote");
            return;
        }
        if (exactFields ? count != expectedFields : count < expectedFields) {
            reject(lines, RejectReason.FIELD_COUNT, "expected " + (exactFields ? "" : "at least ") + expectedFields + " fields separated by '"
                    + printable(layout.delimiter()) + "', found " + (count > MAX_FIELDS ? "more than " + MAX_FIELDS : count));
            return;
        }
        if (!validId(lines, userColumn, "user") || !validId(lines, itemColumn, "item")) {
            return;
        }
        float rating = 1f;
        if (ratingColumn >= 0) {
            if (!parseRating(lines)) {
                return;
            }
            rating = (float) parsedValue;
        }
        long timestamp = 0;
        if (timestampColumn >= 0) {
            if (!parseTimestamp(lines)) {
                return;
            }
            timestamp = parsedLong;
        }
        int user = log.users().indexOf(fields.bytes(userColumn), fields.start(userColumn), fields.end(userColumn));
        int item = log.items().indexOf(fields.bytes(itemColumn), fields.start(itemColumn), fields.end(itemColumn));
        log.add(user, item, rating, timestamp);
    }

    private boolean validId(LineScanner lines, int column, String what) {
        byte[] bytes = fields.bytes(column);
        int from = fields.start(column);
        int to = fields.end(column);
        if (from == to) {
            reject(lines, what.equals("user") ? RejectReason.EMPTY_USER : RejectReason.EMPTY_ITEM, "empty " + what + " id");
            return false;
        }
        if (to - from > MAX_ID_BYTES) {
            reject(lines, RejectReason.ID_TOO_LONG, what + " id longer than " + MAX_ID_BYTES + " bytes");
            return false;
        }
        boolean highBytes = false;
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xFF;
            if (b < 0x20 || b == 0x7F) {
                reject(lines, RejectReason.CONTROL_CHARACTER,
                        String.format("control character 0x%02X in %s id", b, what));
                return false;
            }
            highBytes |= b >= 0x80;
        }
        if (highBytes && layout.utf8() && !isUtf8(bytes, from, to)) {
            reject(lines, RejectReason.BAD_ENCODING, what + " id is not valid " + layout.charset().name());
            return false;
        }
        return true;
    }

    private boolean parseRating(LineScanner lines) {
        byte[] bytes = fields.bytes(ratingColumn);
        int from = fields.start(ratingColumn);
        int to = fields.end(ratingColumn);
        if (!parseDecimal(bytes, from, to)) {
            reject(lines, RejectReason.BAD_RATING, "rating is not a number: '" + text(bytes, from, to) + "'");
            return false;
        }
        double rating = parsedValue;
        if (Double.isNaN(rating) || Double.isInfinite(rating)) {
            reject(lines, RejectReason.RATING_NOT_FINITE, "rating is not finite: '" + text(bytes, from, to) + "'");
            return false;
        }
        RatingScale scale = layout.scale();
        if (!scale.contains(rating)) {
            reject(lines, RejectReason.RATING_OUT_OF_RANGE, "rating " + text(bytes, from, to) + " outside " + scale);
            return false;
        }
        if (!scale.onGrid(rating)) {
            reject(lines, RejectReason.RATING_OFF_SCALE,
                    "rating " + text(bytes, from, to) + " is not a multiple of " + RatingScale.fmt(scale.step()) + " from " + RatingScale.fmt(scale.min()));
            return false;
        }
        return true;
    }

    private boolean parseTimestamp(LineScanner lines) {
        byte[] bytes = fields.bytes(timestampColumn);
        int from = fields.start(timestampColumn);
        int to = fields.end(timestampColumn);
        if (from == to) {
            reject(lines, RejectReason.EMPTY_TIMESTAMP, "empty timestamp");
            return false;
        }
        if (!parseInteger(bytes, from, to) && !parseIsoTime(text(bytes, from, to))) {
            reject(lines, RejectReason.BAD_TIMESTAMP, "timestamp is neither integer epoch seconds nor an ISO-8601 date/time: '"
                    + text(bytes, from, to) + "'");
            return false;
        }
        if (parsedLong < 0) {
            reject(lines, RejectReason.NEGATIVE_TIMESTAMP, "negative timestamp " + parsedLong);
            return false;
        }
        return true;
    }

    /** Plain decimals ({@code 4}, {@code -3.5}) on a fast path; exponents, NaN and Infinity through Double. */
    private boolean parseDecimal(byte[] bytes, int from, int to) {
        if (from == to) {
            return false;
        }
        int i = from;
        boolean negative = bytes[i] == '-';
        if (negative || bytes[i] == '+') {
            i++;
        }
        long whole = 0;
        int digits = 0;
        while (i < to && bytes[i] >= '0' && bytes[i] <= '9' && digits < 15) {
            whole = whole * 10 + (bytes[i++] - '0');
            digits++;
        }
        long fraction = 0;
        long scale = 1;
        if (i < to && bytes[i] == '.') {
            i++;
            while (i < to && bytes[i] >= '0' && bytes[i] <= '9' && scale < 1_000_000_000_000L) {
                fraction = fraction * 10 + (bytes[i++] - '0');
                scale *= 10;
                digits++;
            }
        }
        if (i == to && digits > 0) {
            double value = whole + (double) fraction / scale;
            parsedValue = negative ? -value : value;
            return true;
        }
        return parseDecimalSlow(text(bytes, from, to));
    }

    private boolean parseDecimalSlow(String text) {
        if (!text.matches("[+-]?(NaN|Infinity|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)")) {
            return false;
        }
        parsedValue = Double.parseDouble(text);
        return true;
    }

    private boolean parseInteger(byte[] bytes, int from, int to) {
        int i = from;
        boolean negative = bytes[i] == '-';
        if (negative || bytes[i] == '+') {
            i++;
        }
        if (i == to || to - i > 18) {
            return false;
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return false;
            }
            value = value * 10 + digit;
        }
        parsedLong = negative ? -value : value;
        return true;
    }

    /** ISO-8601 instants, local date-times (taken as UTC, 'T' or space) and dates. */
    private boolean parseIsoTime(String text) {
        try {
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                parsedLong = Instant.parse(text).getEpochSecond();
            } else if (text.length() > 10) {
                parsedLong = LocalDateTime.parse(text.replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
            } else {
                parsedLong = LocalDate.parse(text).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            }
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private void resolveHeader(LineScanner lines) {
        int count = fields.split(lines.buffer(), lines.start(), lines.end());
        if (count < 0 || count > MAX_FIELDS) {
            throw new InvalidInputException(fileName + ": the header line cannot be split with delimiter '"
                    + printable(layout.delimiter()) + "'");
        }
        List<String> names = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            names.add(text(fields.bytes(f), fields.start(f), fields.end(f)).replace("\uFEFF", ""));
        }
        if (layout.fieldCount() > 0 && layout.fieldCount() != count) {
            throw new InvalidInputException(fileName + ": the header has " + count + " columns " + names
                    + ", expected " + layout.fieldCount());
        }
        expectedFields = count;
        userColumn = resolve(layout.user(), names, "user");
        itemColumn = resolve(layout.item(), names, "item");
        ratingColumn = layout.hasRating() ? resolve(layout.rating(), names, "rating") : -1;
        timestampColumn = layout.hasTimestamp() ? resolve(layout.timestamp(), names, "timestamp") : -1;
    }

    private int resolve(ColumnRef ref, List<String> header, String role) {
        if (ref.byName()) {
            int index = header.indexOf(ref.name());
            if (index < 0) {
                throw new InvalidInputException(fileName + ": " + role + " column '" + ref.name()
                        + "' is not in the header " + header);
            }
            return index;
        }
        if (ref.index() >= header.size()) {
            throw new InvalidInputException(fileName + ": " + role + " column #" + ref.index()
                    + " is beyond the header's " + header.size() + " columns " + header);
        }
        return ref.index();
    }

    private void resolveByIndex() {
        userColumn = layout.user().index();
        itemColumn = layout.item().index();
        ratingColumn = layout.rating().index();
        timestampColumn = layout.timestamp().index();
        int needed = 1 + Math.max(Math.max(userColumn, itemColumn), Math.max(ratingColumn, timestampColumn));
        exactFields = layout.fieldCount() > 0;
        expectedFields = exactFields ? layout.fieldCount() : needed;
        if (expectedFields < needed) {
            throw new IllegalArgumentException("field count " + expectedFields + " is too small for column #" + (needed - 1));
        }
    }

    private void reject(LineScanner lines, RejectReason reason, String detail) {
        rejections.reject(fileName, lines.lineNumber(), reason, detail, text(lines.buffer(), lines.start(), lines.end()));
    }

    private String text(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, layout.charset());
    }

    private static boolean isBlank(byte[] line, int start, int end) {
        return CsvFields.firstNonSpace(line, start, end) == end;
    }

    private static boolean isUtf8(byte[] bytes, int from, int to) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static String printable(String delimiter) {
        return delimiter.replace("\t", "\\t");
    }
}
