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

    /** Numpy writes headers of a few hundred bytes; anything past this is not a header. */
    static final int MAX_HEADER_BYTES = 1 << 16;

    public long elementCount() {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new NpyFormatException("NPY shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                throw new NpyFormatException("NPY shape " + Arrays.toString(shape) + " has more elements than a long counts");
            }
        }
        return count;
    }

    public long dataBytes() {
        try {
            return Math.multiplyExact(elementCount(), (long) type.bytes);
        } catch (ArithmeticException e) {
            throw new NpyFormatException("NPY shape " + Arrays.toString(shape) + " has more bytes than a long counts");
        }
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
        if (bytes.remaining() < MAGIC.length + 4) {
            throw new NpyFormatException("not an NPY file (" + bytes.remaining() + " bytes, shorter than a header)");
        }
        byte[] magic = new byte[MAGIC.length];
        bytes.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new NpyFormatException("not an NPY file (bad magic)");
        }
        int major = bytes.get();
        bytes.get();
        if (major != 1 && bytes.remaining() < 4) {
            throw new NpyFormatException("NPY header is cut short");
        }
        long headerLength = major == 1 ? Short.toUnsignedInt(bytes.getShort()) : Integer.toUnsignedLong(bytes.getInt());
        if (headerLength > MAX_HEADER_BYTES || headerLength > bytes.remaining()) {
            throw new NpyFormatException("NPY header declares " + headerLength + " bytes; the file has " + bytes.remaining()
                    + " left (headers are at most " + MAX_HEADER_BYTES + ")");
        }
        byte[] text = new byte[(int) headerLength];
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
        long[] dims;
        try {
            dims = Arrays.stream(shape.group(1).split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new NpyFormatException("NPY shape is not a tuple of whole numbers: (" + shape.group(1) + ")");
        }
        NpyHeader header = new NpyHeader(NpyType.ofDescr(descr.group(1)), dims);
        header.dataBytes(); // negative or overflowing shapes fail here, before anything is allocated
        return new Parsed(header, bytes.position());
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
