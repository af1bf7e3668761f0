package dev.lambdarec.serve;

/** No servable model: nothing promoted yet, or the promoted one is corrupt and there is nothing older. */
public class NoModelException extends RuntimeException {
    public NoModelException(String message) {
        super(message);
    }
}
