package dev.lambdarec.common;

/** A request that cannot be run; the message names the bad field. */
public class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }
}
