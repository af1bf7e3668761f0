package dev.lambdarec.store.s3;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Drops {@code Expect: 100-continue} from uploads. Only for S3-protocol servers other than AWS (the local
 * S3Proxy): with it, the JDK HTTP client occasionally met a closed keep-alive connection while waiting for
 * "100 Continue" and the SDK did not retry that failure. Enabled with {@code quarkus.s3.interceptors}.
 */
public final class NoExpectContinue implements ExecutionInterceptor {
    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return context.httpRequest().toBuilder().removeHeader("Expect").build();
    }
}
