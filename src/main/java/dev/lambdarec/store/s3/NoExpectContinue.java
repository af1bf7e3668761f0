package dev.lambdarec.store.s3;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Drops {@code Expect: 100-continue} from small uploads (up to {@link #SMALL_BODY_BYTES}). The SDK sets it on every
 * PutObject; for an event of a few hundred bytes it only costs a round trip (headers, wait for "100 Continue",
 * then the body), and with the JDK HTTP client against the local S3 server it met closed keep-alive connections
 * while waiting ("Error writing request body"), which the SDK then retried after a back-off. A large upload keeps
 * it, so S3 can refuse it before the body is sent. Enabled in every profile with {@code quarkus.s3.interceptors}.
 */
public final class NoExpectContinue implements ExecutionInterceptor {
    public static final long SMALL_BODY_BYTES = 1 << 20;

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        long length = context.requestBody().flatMap(body -> body.optionalContentLength()).orElse(Long.MAX_VALUE);
        return length <= SMALL_BODY_BYTES ? context.httpRequest().toBuilder().removeHeader("Expect").build() : context.httpRequest();
    }
}
