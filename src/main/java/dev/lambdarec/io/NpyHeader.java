package dev.lambdarec.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NPY format header (version 1.0): magic, version, header length and a Python dict literal
 * padded so that the data starts on a 64-byte boundary, as numpy.save writes it.
 */
public record NpyHeader(NpyType type, long[] shape) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    public long elementCount() {
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        return count;
    }

    public long dataBytes() {
        return elementCount() * type.bytes;
    }

    public byte[] encode() {
        StringBuilder dims = new StringBuilder();
        for (long dim : shape) {
            dims.append(dim).append(", ");
        }
        String shapeText = shape.length == 1 ? dims.toString().trim() : dims.toString().replaceAll(", $", "");
        String dict = "{'descr': '" + type.descr + "', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(padding) + "\n";
        byte[] textBytes = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocate(MAGIC.length + 4 + textBytes.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) textBytes.length).put(textBytes);
        return buffer.array();
    }

    /** Parses a header from the start of {@code bytes}; returns it with the offset where data begins. */
    public static Parsed decode(ByteBuffer bytes) {
        bytes.order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        bytes.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new NpyFormatException("not an NPY file (bad magic)");
        }
        int major = bytes.get();
        bytes.get();
        int headerLength = major == 1 ? Short.toUnsignedInt(bytes.getShort()) : bytes.getInt();
        byte[] text = new byte[headerLength];
        bytes.get(text);
        String dict = new String(text, StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(dict);
        Matcher order = ORDER.matcher(dict);
        Matcher shape = SHAPE.matcher(dict);
        if (!descr.find() || !order.find() || !shape.find()) {
            throw new NpyFormatException("NPY header is missing descr, fortran_order or shape: " + dict.trim());
        }
        if (order.group(1).equals("True")) {
            throw new NpyFormatException("Fortran-ordered arrays are not supported");
        }
        long[] dims = Arrays.stream(shape.group(1).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        return new Parsed(new NpyHeader(NpyType.ofDescr(descr.group(1)), dims), bytes.position());
    }

    public record Parsed(NpyHeader header, int dataOffset) {
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NpyHeader h && h.type == type && Arrays.equals(h.shape, shape);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return type.descr + Arrays.toString(shape);
    }
}
