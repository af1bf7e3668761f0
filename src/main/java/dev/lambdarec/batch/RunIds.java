package dev.lambdarec.batch;

import dev.lambdarec.common.BadRequestException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Run ids in one canonical form: the run's start instant as {@code yyyyMMdd'T'HHmmss'Z'}, with {@code .SSS} before the
 * Z when it has milliseconds (schedules give {@code 20261122T020000Z}, Step Functions {@code 2026-11-23T02:00:00.123Z}).
 * Canonical ids of whole seconds and of milliseconds compare in time order through {@link #orderKey}.
 */
public final class RunIds {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter BASIC_IN = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss[.SSS]'Z'");

    private RunIds() {
    }

    public static String of(Instant instant) {
        Instant millis = instant.truncatedTo(ChronoUnit.MILLIS);
        return (millis.getNano() == 0 ? SECONDS : MILLIS).format(millis);
    }

    /** Any accepted spelling of a run's instant, in canonical form; anything else is a bad request naming the field. */
    public static String canonical(String text, String field) {
        if (text != null && text.length() <= 40) {
            try {
                return of(Instant.parse(text));
            } catch (DateTimeParseException e) {
                try {
                    return of(LocalDateTime.parse(text, BASIC_IN).toInstant(ZoneOffset.UTC));
                } catch (DateTimeParseException ignored) {
                    // not the basic form either
                }
            }
        }
        throw new BadRequestException(field + " must be the run's UTC start instant, like 20261122T020000Z or "
                + "2026-11-22T02:00:00.123Z, was '" + (text == null ? "" : dev.lambdarec.common.StrictJson.abbreviate(text)) + "'");
    }

    public static Instant instant(String canonical) {
        return LocalDateTime.parse(canonical, BASIC_IN).toInstant(ZoneOffset.UTC);
    }

    /** A fixed-width string of a canonical id that sorts in time order (yyyyMMddHHmmssSSS); the flip script computes the same. */
    public static String orderKey(String canonical) {
        String millis = canonical.length() > 16 && canonical.charAt(15) == '.' ? canonical.substring(16, 19) : "000";
        return canonical.substring(0, 8) + canonical.substring(9, 15) + millis;
    }
}
