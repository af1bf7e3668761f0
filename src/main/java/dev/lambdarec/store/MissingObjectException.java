package dev.lambdarec.store;

/** A key (or bucket) that does not exist. */
public class MissingObjectException extends RuntimeException {
    public MissingObjectException(String uri) {
        super("no object at " + uri);
    }
}
