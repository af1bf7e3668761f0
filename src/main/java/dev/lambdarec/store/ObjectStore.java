package dev.lambdarec.store;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

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

    /** Keys under a prefix, in key order. */
    List<String> list(String prefix);

    default String uri(String key) {
        return "s3://" + bucket() + "/" + key;
    }
}
