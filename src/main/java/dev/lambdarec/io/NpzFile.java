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

        public double[] doubles() {
            require(NpyType.FLOAT64);
            double[] out = new double[length()];
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
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
                    arrays.put(entry.getName().substring(0, entry.getName().length() - 4), readNpy(in, entry));
                }
            }
        }
        return new NpzFile(arrays);
    }

    /** Past 64 MiB, an entry may not expand more than this many times its compressed size. */
    static final long MAX_EXPANSION = 20;

    /**
     * Reads one entry with its size taken from its validated header, never from the stream: the header first, then
     * exactly the bytes its shape declares, refused when that is more than an array can hold or far more than the
     * compressed entry could expand to (a small file that declares or expands to gigabytes).
     */
    private static Array readNpy(InputStream in, ZipEntry entry) throws IOException {
        byte[] head = in.readNBytes(10);
        if (head.length < 10) {
            throw new NpyFormatException(entry.getName() + " is not an NPY file (" + head.length + " bytes)");
        }
        ByteBuffer prefix = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = head[6] == 1 ? Short.toUnsignedInt(prefix.getShort(8)) : -1;
        if (headerLength < 0) {
            byte[] more = in.readNBytes(2);
            headerLength = Integer.toUnsignedLong(ByteBuffer.wrap(new byte[] {head[8], head[9], more.length > 0 ? more[0] : 0,
                    more.length > 1 ? more[1] : 0}).order(ByteOrder.LITTLE_ENDIAN).getInt());
            head = java.util.Arrays.copyOf(head, 12);
            System.arraycopy(more, 0, head, 10, more.length);
        }
        if (headerLength > NpyHeader.MAX_HEADER_BYTES) {
            throw new NpyFormatException(entry.getName() + ": NPY header declares " + headerLength + " bytes (at most "
                    + NpyHeader.MAX_HEADER_BYTES + ")");
        }
        byte[] text = in.readNBytes((int) headerLength);
        byte[] header = new byte[head.length + text.length];
        System.arraycopy(head, 0, header, 0, head.length);
        System.arraycopy(text, 0, header, head.length, text.length);
        NpyHeader.Parsed parsed = NpyHeader.decode(ByteBuffer.wrap(header));
        long expected = parsed.header().dataBytes();
        long compressed = entry.getCompressedSize() > 0 ? entry.getCompressedSize() : Long.MAX_VALUE / MAX_EXPANSION;
        if (expected > Integer.MAX_VALUE - 64 || expected > (64L << 20) && expected > compressed * MAX_EXPANSION) {
            throw new NpyFormatException(entry.getName() + ": array " + parsed.header() + " declares " + expected
                    + " data bytes, more than its " + compressed + " compressed bytes can hold");
        }
        byte[] data = in.readNBytes((int) expected + 1);
        if (data.length != expected) {
            throw new NpyFormatException("array " + parsed.header() + " needs " + expected + " data bytes, file has "
                    + (data.length > expected ? "more" : String.valueOf(data.length)));
        }
        return new Array(parsed.header(), ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN));
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
