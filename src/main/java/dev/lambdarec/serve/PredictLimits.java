package dev.lambdarec.serve;

/**
 * Request limits of the predict function (configurable). {@code maxAnswerBytes} keeps every accepted answer
 * inside what Lambda can return synchronously (6 MB, less the Function URL envelope and the escaping of the body
 * as a JSON string); a request whose answer could exceed it is refused before any scoring.
 */
public record PredictLimits(int maxInstances, int maxK, int maxListItems, long maxBodyBytes, long maxAnswerBytes) {
    public static final long LAMBDA_ANSWER_BYTES = 5_000_000;
    public static final PredictLimits DEFAULT = new PredictLimits(1000, 1000, 10_000, 1 << 20, LAMBDA_ANSWER_BYTES);
}
