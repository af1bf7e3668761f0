package dev.lambdarec.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** An NPZ archive read fully into primitive arrays (numpy.savez and savez_compressed layouts). */
public final class NpzFile {
    private final Map<String, Array> arrays;

    /** One array: its header and the data as a little-endian buffer. */
    public record Array(NpyHeader header, ByteBuffer data) {
        public int[] ints() {
            require(NpyType.INT32);
            int[] out = new int[length()];
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
            return out;
        }

        public long[] longs() {
            require(NpyType.INT64);
            long[] out = new long[length()];
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
            return out;
        }

        public float[] floats() {
            require(NpyType.FLOAT32);
            float[] out = new float[length()];
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }

        public byte[] bytes() {
            require(NpyType.INT8);
            byte[] out = new byte[length()];
            data.duplicate().get(out);
            return out;
        }

        public long[] shape() {
            return header.shape().clone();
        }

        private int length() {
            return Math.toIntExact(header.elementCount());
        }

        private void require(NpyType type) {
            if (header.type() != type) {
                throw new NpyFormatException("array is " + header.type().descr + ", not " + type.descr);
            }
        }
    }

    private NpzFile(Map<String, Array> arrays) {
        this.arrays = arrays;
    }

    public static NpzFile read(Path path) throws IOException {
        Map<String, Array> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.getName().endsWith(".npy")) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    arrays.put(entry.getName().substring(0, entry.getName().length() - 4), readNpy(in.readAllBytes()));
                }
            }
        }
        return new NpzFile(arrays);
    }

    static Array readNpy(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        NpyHeader.Parsed parsed = NpyHeader.decode(buffer);
        long expected = parsed.header().dataBytes();
        if (bytes.length - parsed.dataOffset() != expected) {
            throw new NpyFormatException("array " + parsed.header() + " needs " + expected + " data bytes, file has "
                    + (bytes.length - parsed.dataOffset()));
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, parsed.dataOffset(), (int) expected).slice().order(ByteOrder.LITTLE_ENDIAN);
        return new Array(parsed.header(), data);
    }

    public Set<String> names() {
        return arrays.keySet();
    }

    /** The arrays whose names start with {@code prefix}, under their names without it (a model nested in another). */
    public NpzFile nested(String prefix) {
        Map<String, Array> inner = new LinkedHashMap<>();
        arrays.forEach((name, array) -> {
            if (name.startsWith(prefix)) {
                inner.put(name.substring(prefix.length()), array);
            }
        });
        return new NpzFile(inner);
    }

    /** A short text stored as an int8 array ({@link NpzWriter#addText}). */
    public String text(String name) {
        return new String(array(name).bytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    public boolean has(String name) {
        return arrays.containsKey(name);
    }

    public Array array(String name) {
        Array array = arrays.get(name);
        if (array == null) {
            throw new NpyFormatException("archive has no array '" + name + "' (has " + arrays.keySet() + ")");
        }
        return array;
    }
}
