package dev.lambdarec.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ({@code \n} or {@code \r\n}) without decoding it. The current line is
 * {@code buffer()[start(), end())}. A line longer than {@link #MAX_LINE} bytes is not buffered whole: its head is
 * dropped, {@link #tooLong()} says so, and only its tail is returned.
 */
final class LineScanner {
    static final int MAX_LINE = 1 << 20;

    private final InputStream in;
    private byte[] buffer = new byte[1 << 18];
    private int position;
    private int limit;
    private int scanFrom;
    private boolean eof;
    private long lineNumber;
    private int start;
    private int end;
    private boolean tooLong;

    LineScanner(InputStream in) {
        this.in = in;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        tooLong = false;
        while (true) {
            for (int i = scanFrom; i < limit; i++) {
                if (buffer[i] == '\n') {
                    return emit(i, i + 1);
                }
            }
            scanFrom = limit;
            if (eof) {
                return position < limit && emit(limit, limit);
            }
            if (position == 0 && limit == buffer.length) {
                if (buffer.length < MAX_LINE) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                } else {
                    tooLong = true;
                    limit = scanFrom = 0;
                }
            }
            fill();
        }
    }

    private boolean emit(int lineEnd, int nextPosition) {
        start = position;
        end = lineEnd > start && buffer[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        position = nextPosition;
        scanFrom = nextPosition;
        lineNumber++;
        return true;
    }

    private void fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            scanFrom -= position;
            position = 0;
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    boolean tooLong() {
        return tooLong;
    }

    byte[] buffer() {
        return buffer;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    long lineNumber() {
        return lineNumber;
    }
}
