package dev.lambdarec.store;

/**
 * The store could not answer (a timeout, a throttle, a 5xx): worth retrying, and no sign that anything stored is
 * wrong, so a reader keeps what it already has instead of refusing it.
 */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
