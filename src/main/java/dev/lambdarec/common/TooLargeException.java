package dev.lambdarec.common;

import dev.lambdarec.prepare.BadRequestException;

/** A body or an answer over its limit (HTTP 413); the message names the limit. */
public class TooLargeException extends BadRequestException {
    public TooLargeException(String message) {
        super(message);
    }
}
