package dev.lambdarec.testing;

import dev.lambdarec.store.ObjectStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An object store that records the keys written through it. */
public class CountingStore implements ObjectStore {
    private final ObjectStore delegate;
    public final List<String> puts = new ArrayList<>();

    public CountingStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public String bucket() {
        return delegate.bucket();
    }

    @Override
    public ObjectStore inBucket(String bucket) {
        return delegate.inBucket(bucket);
    }

    @Override
    public boolean exists(String key) {
        return delegate.exists(key);
    }

    @Override
    public InputStream open(String key) {
        return delegate.open(key);
    }

    @Override
    public void download(String key, Path target) {
        delegate.download(key, target);
    }

    @Override
    public void put(String key, Path file, String contentType) {
        puts.add(key);
        delegate.put(key, file, contentType);
    }

    @Override
    public java.util.Optional<Versioned> read(String key, int maxBytes) {
        return delegate.read(key, maxBytes);
    }

    @Override
    public boolean putIf(String key, byte[] bytes, String contentType, String etag) {
        puts.add(key);
        return delegate.putIf(key, bytes, contentType, etag);
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        puts.add(key);
        delegate.put(key, bytes, contentType);
    }

    @Override
    public java.util.SortedMap<String, Long> sizes(String prefix) {
        return delegate.sizes(prefix);
    }
}
