package dev.lambdarec.model;

/** A model (or the pointer to one) that is missing, altered or unreadable: never served. */
public class CorruptModelException extends RuntimeException {
    public CorruptModelException(String message) {
        super(message);
    }
}
