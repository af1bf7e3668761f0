package dev.lambdarec.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reads request bodies as RFC 8259 JSON and nothing more lenient: no comments, single quotes, NaN, leading zeros
 * or trailing garbage; a repeated key is refused (which of the two would count is not defined), so is nesting
 * deeper than {@link #MAX_DEPTH} levels or a number of more than {@link #MAX_NUMBER_CHARS} digits. Every failure
 * is a {@link BadRequestException} whose message says where and what, in words rather than a parser's class names.
 */
public final class StrictJson {
    public static final int MAX_DEPTH = 64;
    public static final int MAX_NUMBER_CHARS = 64;
    /** Above Lambda's 6 MB payload: a Function URL body arrives as one string. */
    public static final int MAX_STRING_CHARS = 8 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH).maxNumberLength(MAX_NUMBER_CHARS).maxStringLength(MAX_STRING_CHARS).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private StrictJson() {
    }

    /** The JSON value in {@code bytes} (UTF-8); {@code what} names it in errors ("body", "payload"). */
    public static JsonNode parse(byte[] bytes, String what) {
        if (bytes.length == 0) {
            throw new BadRequestException(what + " is empty; expected a JSON object");
        }
        requireUtf8(bytes, what);
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new BadRequestException(what + " holds no JSON value (only whitespace)");
            }
            return node;
        } catch (StreamConstraintsException e) {
            String message = e.getOriginalMessage();
            String limit = message.contains("nesting") ? "is nested deeper than " + MAX_DEPTH + " levels"
                    : message.contains("Number") ? "has a number longer than " + MAX_NUMBER_CHARS + " characters"
                    : "has a string longer than " + MAX_STRING_CHARS + " characters";
            throw new BadRequestException(what + " " + limit);
        } catch (JsonProcessingException e) {
            throw new BadRequestException(what + " is not valid JSON" + where(e.getLocation()) + ": " + plain(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BadRequestException(what + " cannot be read as JSON: " + plain(e.getMessage()));
        }
    }

    /**
     * JSON between systems is UTF-8 (RFC 8259 section 8.1). The parser alone would also take UTF-16 and UTF-32 and
     * overlong UTF-8 forms (C0 AF read as '/'), so the bytes are checked with the JDK's strict decoder first.
     */
    private static void requireUtf8(byte[] bytes, String what) {
        if (bytes.length >= 2 && (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF || bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)) {
            throw new BadRequestException(what + " is UTF-16 text; JSON must be sent as UTF-8");
        }
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(8192);
        while (true) {
            java.nio.charset.CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw new BadRequestException(what + " is not valid UTF-8 (at byte " + in.position() + ")");
            }
            if (result.isUnderflow()) {
                break;
            }
            out.clear();
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw new BadRequestException(what + " holds a NUL byte, as UTF-16 or UTF-32 text does; JSON must be sent as UTF-8");
            }
        }
    }

    /** A whole number within [min, max]; a fraction, a string or a number beyond the range is refused, never wrapped. */
    public static long whole(JsonNode value, String where, long min, long max) {
        if (value == null) {
            throw new BadRequestException(where + " is missing; it must be a whole number between " + min + " and " + max);
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw new BadRequestException(where + " must be a whole number between " + min + " and " + max + ", was "
                    + abbreviate(value.toString()));
        }
        return value.asLong();
    }

    public static int wholeInt(JsonNode value, String where, int min, int max) {
        return (int) whole(value, where, min, max);
    }

    /**
     * Refuses an object field outside {@code known}, naming it (abbreviated: a field name is caller data) and
     * {@code where} it was: {@code "tune: unknown field 'x' (known: maxJobs, parallelJobs)"}.
     */
    public static void requireKnownFields(JsonNode object, java.util.Set<String> known, String where) {
        for (java.util.Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw new BadRequestException((where.isEmpty() ? "" : where + ": ") + "unknown field '" + abbreviate(field)
                        + "' (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    /** At most 80 characters of a value, for an error message that must not echo a megabyte back. */
    public static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The parser's own sentence without its source excerpt or any code reference. */
    private static String plain(String message) {
        if (message == null) {
            return "unreadable input";
        }
        String text = message.split("\n", 2)[0];
        int source = text.indexOf(" at [Source");
        text = source >= 0 ? text.substring(0, source) : text;
        text = text.replaceAll("`[^`]*`", "").replaceAll("\\(for [^)]*\\)", "").trim();
        return abbreviate(text);
    }
}
