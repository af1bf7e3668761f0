package dev.lambdarec.data;

/** Input that cannot be prepared at all (as opposed to single bad rows, which are rejected and kept). */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
