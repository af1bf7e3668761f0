package dev.lambdarec.events;

/**
 * One thing a user (or an anonymous session) just did, validated: what the events function records durably and
 * in the subject's recent list, and what fold-in reads back.
 *
 * @param subject   "user:<id>" or "session:<id>", the key the subject's recent list and the CSV row use
 * @param timestamp epoch seconds
 * @param eventId   the caller's id, or one derived from the event's content, so a retried call is stored once
 */
public record Event(String subject, String item, String type, long timestamp, double value, String eventId) {
}
