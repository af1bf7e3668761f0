package dev.lambdarec.functions;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of one invocation exactly as Lambda delivered them, not yet parsed: every function parses its own
 * payload ({@link StrictJson}), so malformed JSON, a Function URL envelope or an oversized body is answered by the
 * function with a documented error instead of failing inside the runtime with a Java exception's class name.
 * At most {@link #MAX_BYTES} are kept (Lambda's own cap for a synchronous payload is 6 MB).
 */
public record LambdaPayload(byte[] bytes, boolean overLimit) {
    public static final int MAX_BYTES = 6 * 1024 * 1024;

    public static LambdaPayload of(byte[] bytes) {
        return bytes.length > MAX_BYTES ? new LambdaPayload(new byte[0], true) : new LambdaPayload(bytes, false);
    }

    /** Reads at most one byte more than the cap, so a larger payload is known as such without being held. */
    public static LambdaPayload read(InputStream in) throws IOException {
        return of(in.readNBytes(MAX_BYTES + 1));
    }
}
