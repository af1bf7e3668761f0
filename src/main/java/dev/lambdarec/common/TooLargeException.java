package dev.lambdarec.common;


/** A body or an answer over its limit (HTTP 413); the message names the limit. */
public class TooLargeException extends BadRequestException {
    public TooLargeException(String message) {
        super(message);
    }
}
