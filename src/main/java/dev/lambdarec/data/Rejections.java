package dev.lambdarec.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Every rejected row, kept with its reason: streamed to {@code rejected.tsv.gz} (file, line, reason, detail, raw
 * line with tabs and newlines escaped) and counted per reason.
 */
public final class Rejections implements AutoCloseable {
    static final int MAX_RAW_CHARS = 4096;

    private final Writer out;
    private final EnumMap<RejectReason, Long> counts = new EnumMap<>(RejectReason.class);
    private long total;

    public Rejections(Path file) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16);
        out.write("file\tline\treason\tdetail\traw\n");
    }

    public void reject(String file, long line, RejectReason reason, String detail, String raw) {
        counts.merge(reason, 1L, Long::sum);
        total++;
        try {
            out.write(file);
            out.write('\t');
            out.write(Long.toString(line));
            out.write('\t');
            out.write(reason.code);
            out.write('\t');
            out.write(escape(detail));
            out.write('\t');
            out.write(escape(raw.length() > MAX_RAW_CHARS ? raw.substring(0, MAX_RAW_CHARS) + "..." : raw));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long total() {
        return total;
    }

    public long count(RejectReason reason) {
        return counts.getOrDefault(reason, 0L);
    }

    /** Counts by reason code, in declaration order, only reasons that occurred. */
    public Map<String, Long> byReason() {
        Map<String, Long> byCode = new LinkedHashMap<>();
        counts.forEach((reason, count) -> byCode.put(reason.code, count));
        return byCode;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    static String escape(String text) {
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\\' -> "\\\\";
                default -> null;
            };
            if (replacement != null && escaped == null) {
                escaped = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (escaped != null) {
                if (replacement != null) {
                    escaped.append(replacement);
                } else {
                    escaped.append(c);
                }
            }
        }
        return escaped == null ? text : escaped.toString();
    }
}
