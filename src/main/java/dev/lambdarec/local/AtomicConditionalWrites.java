package dev.lambdarec.local;

import java.io.InputStream;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Makes S3Proxy's conditional writes atomic, as S3's are. S3Proxy checks If-Match / If-None-Match against the
 * file-backed stores by reading the object's metadata and then writing, so two writers holding the same ETag could
 * both succeed; here the check and the write of one key happen under one lock (writes to different keys stay
 * parallel), so a compare-and-set against the local server means what it means against S3.
 */
final class AtomicConditionalWrites extends ForwardingBlobStore {
    private final Object[] locks = new Object[64];

    AtomicConditionalWrites(BlobStore delegate) {
        super(delegate);
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        synchronized (locks[Math.floorMod((request.bucket() + "/" + request.key()).hashCode(), locks.length)]) {
            if (request.ifMatch() != null || request.ifNoneMatch() != null) {
                HeadObjectResponse existing = delegate().blobMetadataIfPresent(request.bucket(), request.key());
                String etag = existing == null ? null : unquote(existing.eTag());
                if (request.ifMatch() != null && (existing == null || !"*".equals(request.ifMatch()) && !unquote(request.ifMatch()).equals(etag))) {
                    throw refused(content, existing == null ? S3ErrorCode.NO_SUCH_KEY : S3ErrorCode.PRECONDITION_FAILED);
                }
                if (request.ifNoneMatch() != null && existing != null
                        && ("*".equals(request.ifNoneMatch()) || unquote(request.ifNoneMatch()).equals(etag))) {
                    throw refused(content, S3ErrorCode.PRECONDITION_FAILED);
                }
            }
            return delegate().putBlob(request.toBuilder().ifMatch(null).ifNoneMatch(null).build(), content);
        }
    }

    /** The body is read to its end first, so the connection stays usable and the client reads a clean answer. */
    private static S3ProxyException refused(InputStream content, S3ErrorCode code) {
        try {
            content.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (java.io.IOException e) {
            // the client went away: nothing to answer
        }
        return new S3ProxyException(code);
    }

    private static String unquote(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }
}
