package dev.lambdarec.store;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The object store port (S3 in AWS, an in-process S3 server locally), bound to one bucket. */
public interface ObjectStore {

    String bucket();

    /** The same store, another bucket. */
    ObjectStore inBucket(String bucket);

    boolean exists(String key);

    /** @throws MissingObjectException when there is no such key */
    InputStream open(String key);

    /** @throws MissingObjectException when there is no such key */
    void download(String key, Path target);

    void put(String key, Path file, String contentType);

    void put(String key, byte[] bytes, String contentType);

    /** An object's bytes with the version tag (ETag) that a compare-and-set names. */
    record Versioned(byte[] bytes, String etag) {
    }

    /**
     * A small object and its version, read in one request; empty when there is no such key.
     * @throws IllegalStateException when the object is larger than {@code maxBytes}
     */
    Optional<Versioned> read(String key, int maxBytes);

    /**
     * Compare-and-set: writes only if the object is still at version {@code etag} ({@code null}: only if there is no
     * such object yet). False when another writer got there first; the caller reads again and decides afresh.
     */
    boolean putIf(String key, byte[] bytes, String contentType, String etag);

    /** Keys under a prefix, in key order. */
    default List<String> list(String prefix) {
        return List.copyOf(sizes(prefix).keySet());
    }

    /** Whether anything is stored under a prefix. */
    default boolean any(String prefix) {
        return !sizes(prefix).isEmpty();
    }

    /** Keys under a prefix with their sizes in bytes, in key order. */
    java.util.SortedMap<String, Long> sizes(String prefix);

    default String uri(String key) {
        return "s3://" + bucket() + "/" + key;
    }
}
