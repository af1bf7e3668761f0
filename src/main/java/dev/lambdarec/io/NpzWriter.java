package dev.lambdarec.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an NPZ archive the way {@code numpy.savez} does: one uncompressed {@code <name>.npy} entry per array.
 * Arrays are streamed to temporary files first (a stored zip entry needs its CRC up front), so a column of
 * any length is written without holding it in memory a second time.
 */
public final class NpzWriter implements AutoCloseable {
    private final Path target;
    private final Path scratch;
    private final List<Entry> entries;
    private final String prefix;

    private record Entry(String name, Path file, long size, long crc) {
    }

    public NpzWriter(Path target) throws IOException {
        this(target, Files.createTempDirectory(target.toAbsolutePath().getParent(), ".npz-"), new ArrayList<>(), "");
    }

    private NpzWriter(Path target, Path scratch, List<Entry> entries, String prefix) {
        this.target = target;
        this.scratch = scratch;
        this.entries = entries;
        this.prefix = prefix;
    }

    /** Adds to the same archive with every name prefixed (a model nested in another); close the outer writer only. */
    public NpzWriter nested(String prefix) {
        return new NpzWriter(target, scratch, entries, this.prefix + prefix);
    }

    /** A short text (a family name) as an int8 array of its UTF-8 bytes. */
    public NpzWriter addText(String name, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return add(name, NpyType.INT8, bytes.length, sink -> sink.putRaw(bytes));
    }

    /** Adds an array: {@code fill} must put exactly the number of elements {@code shape} declares. */
    public NpzWriter add(String shortName, NpyType type, long[] shape, Consumer<ColumnSink> fill) throws IOException {
        String name = prefix + shortName;
        NpyHeader header = new NpyHeader(type, shape);
        Path file = scratch.resolve(name + ".npy");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ColumnSink sink = new ColumnSink(channel);
            byte[] headerBytes = header.encode();
            sink.putRaw(headerBytes);
            fill.accept(sink);
            sink.flush();
            long dataBytes = sink.bytesWritten() - headerBytes.length;
            if (dataBytes != header.dataBytes()) {
                throw new IllegalStateException("array '" + name + "' declared " + header + " but "
                        + dataBytes / type.bytes + " elements were written");
            }
            entries.add(new Entry(name + ".npy", file, sink.bytesWritten(), sink.crc()));
        }
        return this;
    }

    public NpzWriter add(String name, NpyType type, long length, Consumer<ColumnSink> fill) throws IOException {
        return add(name, type, new long[] {length}, fill);
    }

    public NpzWriter addInts(String name, int[] values, int length) throws IOException {
        return add(name, NpyType.INT32, length, sink -> sink.putInts(values, 0, length));
    }

    public NpzWriter addFloats(String name, float[] values, long[] shape) throws IOException {
        return add(name, NpyType.FLOAT32, shape, sink -> sink.putFloats(values, 0, values.length));
    }

    public NpzWriter addDoubles(String name, double[] values, long[] shape) throws IOException {
        return add(name, NpyType.FLOAT64, shape, sink -> {
            for (double value : values) {
                sink.putDouble(value);
            }
        });
    }

    @Override
    public void close() throws IOException {
        try (OutputStream out = Files.newOutputStream(target);
             ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setMethod(ZipOutputStream.STORED);
            for (Entry entry : entries) {
                ZipEntry zipEntry = new ZipEntry(entry.name());
                zipEntry.setMethod(ZipEntry.STORED);
                zipEntry.setSize(entry.size());
                zipEntry.setCompressedSize(entry.size());
                zipEntry.setCrc(entry.crc());
                zipEntry.setTime(0L); // reproducible bytes: the same data gives the same sha256
                zip.putNextEntry(zipEntry);
                try (InputStream in = Files.newInputStream(entry.file())) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        } finally {
            for (Entry entry : entries) {
                Files.deleteIfExists(entry.file());
            }
            Files.deleteIfExists(scratch);
        }
    }
}
