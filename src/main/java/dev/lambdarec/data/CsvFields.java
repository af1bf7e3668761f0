package dev.lambdarec.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one RFC 4180 field splitter: a line of bytes into fields separated by a (multi-byte) delimiter, surrounding
 * spaces trimmed; with quoting on, a field whose first non-space byte is {@code "} runs to the closing quote, with
 * {@code ""} for a quote inside, and only spaces may follow it before the delimiter. Fields are views into the
 * line (or into a reused buffer for an unescaped quoted field): no allocation per unquoted field, so the
 * ratings parser's hot loop and a header or side-file line use the same rules.
 */
public final class CsvFields {
    static final int UNTERMINATED_QUOTE = -1;
    static final int TEXT_AFTER_QUOTE = -2;

    private final byte[] delimiter;
    private final boolean quoted;
    private final int maxFields;
    private final int[] fieldStart;
    private final int[] fieldEnd;
    private final byte[][] fieldBytes;
    private byte[] unescaped = new byte[256];

    CsvFields(String delimiter, boolean quoted, int maxFields) {
        this.delimiter = delimiter.getBytes(StandardCharsets.UTF_8);
        this.quoted = quoted;
        this.maxFields = maxFields;
        this.fieldStart = new int[maxFields + 1];
        this.fieldEnd = new int[maxFields + 1];
        this.fieldBytes = new byte[maxFields + 1][];
    }

    /**
     * The writer's side of the same rules, for a comma-separated file: a field holding a comma, a quote, CR or LF,
     * or surrounding spaces (which splitting trims) is quoted, its quotes doubled; any other is written as it is.
     */
    public static String quote(String field) {
        boolean plain = !field.isEmpty() && field.charAt(0) != ' ' && field.charAt(field.length() - 1) != ' ';
        for (int i = 0; i < field.length() && plain; i++) {
            char c = field.charAt(i);
            plain = c != ',' && c != '"' && c != '\r' && c != '\n';
        }
        return plain ? field : '"' + field.replace("\"", "\"\"") + '"';
    }

    /** A String line's fields with quoting on; null when the line is not well-formed RFC 4180. */
    static List<String> split(String line, String delimiter) {
        CsvFields fields = new CsvFields(delimiter, true, 4096);
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        int count = fields.split(bytes, 0, bytes.length);
        if (count < 0 || count > fields.maxFields) {
            return null;
        }
        List<String> out = new ArrayList<>(count);
        for (int f = 0; f < count; f++) {
            out.add(new String(fields.bytes(f), fields.start(f), fields.end(f) - fields.start(f), StandardCharsets.UTF_8));
        }
        return out;
    }

    byte[] bytes(int field) {
        return fieldBytes[field];
    }

    int start(int field) {
        return fieldStart[field];
    }

    int end(int field) {
        return fieldEnd[field];
    }

    /**
     * Splits {@code line[start, end)}; returns the number of fields (more than {@code maxFields} once it passes
     * that, without reading further), {@link #UNTERMINATED_QUOTE} or {@link #TEXT_AFTER_QUOTE}.
     */
    int split(byte[] line, int start, int end) {
        int count = 0;
        int position = start;
        while (true) {
            if (count > maxFields) {
                return count;
            }
            int first = firstNonSpace(line, position, end);
            if (quoted && first < end && line[first] == '"') {
                int next = quotedField(line, first, end, count);
                if (next < 0) {
                    return next;
                }
                count++;
                if (next >= end) {
                    return count;
                }
                position = next + delimiter.length;
                continue;
            }
            int delimiterAt = indexOfDelimiter(line, position, end);
            int fieldEndAt = delimiterAt < 0 ? end : delimiterAt;
            setField(count++, line, position, fieldEndAt);
            if (delimiterAt < 0) {
                return count;
            }
            position = delimiterAt + delimiter.length;
        }
    }

    static int firstNonSpace(byte[] line, int from, int end) {
        while (from < end && line[from] == ' ') {
            from++;
        }
        return from;
    }

    /** Reads a quoted field opening at {@code quote}; returns the index of the delimiter after it, or end. */
    private int quotedField(byte[] line, int quote, int end, int field) {
        int length = 0;
        int i = quote + 1;
        while (true) {
            if (i >= end) {
                return UNTERMINATED_QUOTE;
            }
            byte b = line[i];
            if (b == '"') {
                if (i + 1 < end && line[i + 1] == '"') {
                    length = appendUnescaped(length, b);
                    i += 2;
                    continue;
                }
                break;
            }
            length = appendUnescaped(length, b);
            i++;
        }
        int after = firstNonSpace(line, i + 1, end);
        if (after < end && !delimiterAt(line, after, end)) {
            return TEXT_AFTER_QUOTE;
        }
        fieldBytes[field] = Arrays.copyOf(unescaped, length);
        fieldStart[field] = 0;
        fieldEnd[field] = length;
        return after;
    }

    private int appendUnescaped(int length, byte b) {
        if (length == unescaped.length) {
            unescaped = Arrays.copyOf(unescaped, length * 2);
        }
        unescaped[length] = b;
        return length + 1;
    }

    private void setField(int field, byte[] line, int from, int to) {
        while (from < to && line[from] == ' ') {
            from++;
        }
        while (to > from && line[to - 1] == ' ') {
            to--;
        }
        fieldBytes[field] = line;
        fieldStart[field] = from;
        fieldEnd[field] = to;
    }

    private int indexOfDelimiter(byte[] line, int from, int end) {
        byte first = delimiter[0];
        for (int i = from; i < end; i++) {
            if (line[i] == first && delimiterAt(line, i, end)) {
                return i;
            }
        }
        return -1;
    }

    private boolean delimiterAt(byte[] line, int at, int end) {
        if (at + delimiter.length > end) {
            return false;
        }
        for (int k = 0; k < delimiter.length; k++) {
            if (line[at + k] != delimiter[k]) {
                return false;
            }
        }
        return true;
    }
}
