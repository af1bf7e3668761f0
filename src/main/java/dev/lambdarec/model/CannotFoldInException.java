package dev.lambdarec.model;

/** The model cannot solve a user from a history: its family has no fold-in, or it was trained without what it needs. */
public final class CannotFoldInException extends RuntimeException {
    public CannotFoldInException(String message) {
        super(message);
    }
}
