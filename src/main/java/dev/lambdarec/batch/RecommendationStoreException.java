package dev.lambdarec.batch;

/** The recommendation store (Redis) failed or is unreachable: the run fails, rec:current stays as it was. */
public class RecommendationStoreException extends RuntimeException {
    public RecommendationStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
