package dev.lambdarec.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One bucket as a SageMaker Processing job sees it: the prefixes given to it as inputs mounted under
 * {@code inputs/<key>}, and what it writes kept under {@code outputs/<key>} for SageMaker to upload when the job
 * ends. Keys keep the bucket's layout, so the code that runs in the prepare Lambda runs here unchanged and names
 * the same objects.
 */
public final class MountedStore implements ObjectStore {
    private final String bucket;
    private final Path inputs;
    private final Path outputs;

    public MountedStore(String bucket, Path inputs, Path outputs) {
        this.bucket = bucket;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public ObjectStore inBucket(String other) {
        if (!other.equals(bucket)) {
            throw new MissingObjectException("s3://" + other + " (only s3://" + bucket + " is mounted in this job)");
        }
        return this;
    }

    /** A key's file: what the job wrote, else what it was given. */
    private Path file(String key) {
        Path written = resolve(outputs, key);
        return Files.exists(written) ? written : resolve(inputs, key);
    }

    private static Path resolve(Path root, String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || key.startsWith("/")) {
            throw new IllegalArgumentException("key " + key + " leaves the mounted store");
        }
        return path;
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(file(key));
    }

    @Override
    public InputStream open(String key) {
        try {
            return Files.newInputStream(existing(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path existing(String key) {
        Path path = file(key);
        if (!Files.isRegularFile(path)) {
            throw new MissingObjectException(uri(key));
        }
        return path;
    }

    @Override
    public void download(String key, Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(existing(key), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void put(String key, Path file, String contentType) {
        try {
            Files.copy(file, writable(key), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        try {
            Files.write(writable(key), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a written key goes (its directories made): under the outputs, for SageMaker to upload. */
    private Path writable(String key) throws IOException {
        Path target = resolve(outputs, key);
        Files.createDirectories(target.getParent());
        return target;
    }

    @Override
    public Optional<Versioned> read(String key, int maxBytes) {
        Path path = file(key);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IllegalStateException(uri(key) + " is over " + maxBytes + " bytes");
            }
            return Optional.of(new Versioned(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One job is the only writer of its outputs: a create-if-absent, and no versions to compare. */
    @Override
    public synchronized boolean putIf(String key, byte[] bytes, String contentType, String etag) {
        if (etag != null || exists(key)) {
            return false;
        }
        put(key, bytes, contentType);
        return true;
    }

    @Override
    public SortedMap<String, Long> sizes(String prefix) {
        SortedMap<String, Long> out = new TreeMap<>();
        for (Path root : new Path[] {inputs, outputs}) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String key = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                    if (key.startsWith(prefix)) {
                        out.put(key, Files.size(file));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
