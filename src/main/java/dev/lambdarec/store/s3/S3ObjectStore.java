package dev.lambdarec.store.s3;

import dev.lambdarec.store.MissingObjectException;
import dev.lambdarec.store.ObjectStore;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.lambdarec.store.StoreUnavailableException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The object store on S3 (AWS, or any S3-protocol server such as the local S3Proxy). */
public final class S3ObjectStore implements ObjectStore {
    /** The user metadata a conditional write carries: which call wrote the object (S3 returns it as x-amz-meta-writer). */
    static final String WRITER = "writer";

    private final S3Client s3;
    private final String bucket;
    private final java.util.function.Supplier<String> writerTokens;

    public S3ObjectStore(S3Client s3, String bucket) {
        this(s3, bucket, () -> java.util.UUID.randomUUID().toString());
    }

    /** @param writerTokens a new token per conditional write (tests fix them to stub the server's answer) */
    S3ObjectStore(S3Client s3, String bucket, java.util.function.Supplier<String> writerTokens) {
        this.s3 = s3;
        this.bucket = bucket;
        this.writerTokens = writerTokens;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public ObjectStore inBucket(String other) {
        return other.equals(bucket) ? this : new S3ObjectStore(s3, other);
    }

    @Override
    public boolean exists(String key) {
        return head(key) != null;
    }

    /** Timeouts, connection failures, throttling and 5xx answers are transient: a caller may retry them. */
    private RuntimeException unavailableOr(RuntimeException e, String key) {
        boolean transientFailure = e instanceof SdkClientException || e instanceof UncheckedIOException
                || e instanceof S3Exception s3e && (s3e.statusCode() >= 500 || s3e.statusCode() == 429);
        return transientFailure ? new StoreUnavailableException("the object store did not answer for " + uri(key) + ": " + e.getMessage(), e) : e;
    }

    @Override
    public InputStream open(String key) {
        try {
            return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build());
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw new MissingObjectException(uri(key));
        } catch (S3Exception | SdkClientException | UncheckedIOException e) {
            throw unavailableOr(e, key);
        }
    }

    @Override
    public void download(String key, Path target) {
        try (InputStream in = open(key)) {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) { // the connection broke mid-object
            throw new StoreUnavailableException("downloading " + uri(key) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, Path file, String contentType) {
        idempotentPut(key, contentType, () -> RequestBody.fromFile(file));
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        idempotentPut(key, contentType, () -> RequestBody.fromBytes(bytes));
    }

    /**
     * An unconditional PUT may simply be sent again: when the SDK's own attempts all met a connection the server
     * had closed (seen against the local S3Proxy: "Error writing request body to server" four times in a row, about
     * one full test run in five), the call is repeated twice more before it counts as the store being unavailable.
     */
    private void idempotentPut(String key, String contentType, java.util.function.Supplier<RequestBody> body) {
        PutObjectRequest request = PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType).build();
        for (int call = 1; ; call++) {
            try {
                s3.putObject(request, body.get());
                return;
            } catch (SdkClientException | UncheckedIOException e) { // the URL client's broken connection
                if (call == 3) {
                    throw unavailableOr(e, key);
                }
            } catch (S3Exception e) {
                throw unavailableOr(e, key);
            }
        }
    }

    @Override
    public Optional<Versioned> read(String key, int maxBytes) {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build())) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IllegalStateException(uri(key) + " is over " + maxBytes + " bytes");
            }
            return Optional.of(new Versioned(bytes, in.response().eTag()));
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            return Optional.empty();
        } catch (java.io.IOException e) {
            throw new StoreUnavailableException("reading " + uri(key) + ": " + e.getMessage(), e);
        } catch (S3Exception | SdkClientException | UncheckedIOException e) {
            throw unavailableOr(e, key);
        }
    }

    @Override
    public boolean putIf(String key, byte[] bytes, String contentType, String etag) {
        // the token, not the bytes, tells whether a write whose answer was lost is ours: two copies of one event
        // carry the same bytes, and only one of them created the object
        String token = writerTokens.get();
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType)
                .metadata(java.util.Map.of(WRITER, token));
        if (etag == null) {
            request.ifNoneMatch("*");
        } else {
            request.ifMatch(etag);
        }
        for (int call = 1; ; call++) {
            try {
                s3.putObject(request.build(), RequestBody.fromBytes(bytes));
                return true;
            } catch (S3Exception e) {
                // 412: the object moved on (or exists); 409: a concurrent conditional write won; 404: it is gone
                if (e.statusCode() == 412 || e.statusCode() == 409 || e.statusCode() == 404) {
                    // on the SDK's own retry, the refusal may be of our first attempt, which landed with its answer lost
                    return e.numAttempts() != null && e.numAttempts() > 1 && ours(head(key), token);
                }
                throw unavailableOr(e, key);
            } catch (SdkClientException | UncheckedIOException e) {
                // the answer was lost (a server may refuse a conditional write before reading its body and close the
                // connection under the client): whose token the object carries now says whether ours landed, never a guess
                HeadObjectResponse now = head(key);
                if (ours(now, token)) {
                    return true;
                }
                String tagNow = now == null ? null : now.eTag();
                boolean untouched = etag == null ? tagNow == null : tagNow != null && unquote(tagNow).equals(unquote(etag));
                if (!untouched) {
                    return false; // another writer's bytes: a refusal, as a 412 would have said
                }
                if (call == 3) { // ours did not land and the condition still holds: never reported as a refusal
                    throw unavailableOr(e, key);
                }
            }
        }
    }

    /** The object's metadata now, or null when there is none. */
    private HeadObjectResponse head(String key) {
        try {
            return s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build());
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw unavailableOr(e, key);
        } catch (SdkClientException | UncheckedIOException e) {
            throw unavailableOr(e, key);
        }
    }

    /** Whether this object is the one the write carrying {@code token} created. */
    private static boolean ours(HeadObjectResponse object, String token) {
        return object != null && token.equals(object.metadata().get(WRITER));
    }

    private static String unquote(String etag) {
        return etag.replace("\"", "");
    }

    @Override
    public boolean any(String prefix) {
        try {
            return s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).maxKeys(1).build()).keyCount() > 0;
        } catch (NoSuchBucketException e) {
            throw new MissingObjectException("s3://" + bucket + " (no such bucket)");
        }
    }

    @Override
    public java.util.SortedMap<String, Long> sizes(String prefix) {
        java.util.SortedMap<String, Long> keys = new java.util.TreeMap<>();
        String token = null;
        try {
            do {
                ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder()
                        .bucket(bucket).prefix(prefix).continuationToken(token).build());
                page.contents().forEach(object -> keys.put(object.key(), object.size()));
                token = page.isTruncated() ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (NoSuchBucketException e) {
            throw new MissingObjectException("s3://" + bucket + " (no such bucket)");
        }
        return keys;
    }
}
