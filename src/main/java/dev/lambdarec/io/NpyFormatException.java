package dev.lambdarec.io;

/** A file that is not a valid NPY/NPZ file of the kinds lambdarec writes. */
public class NpyFormatException extends RuntimeException {
    public NpyFormatException(String message) {
        super(message);
    }
}
