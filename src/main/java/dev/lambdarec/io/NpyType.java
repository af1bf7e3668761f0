package dev.lambdarec.io;

/** The numpy dtypes lambdarec reads and writes, always little-endian. */
public enum NpyType {
    INT8("|i1", 1),
    INT32("<i4", 4),
    INT64("<i8", 8),
    FLOAT32("<f4", 4),
    FLOAT64("<f8", 8);

    public final String descr;
    public final int bytes;

    NpyType(String descr, int bytes) {
        this.descr = descr;
        this.bytes = bytes;
    }

    public static NpyType ofDescr(String descr) {
        String normalized = descr.replace('=', '<');
        if (normalized.equals("<i1") || normalized.equals("i1")) {
            return INT8;
        }
        for (NpyType type : values()) {
            if (type.descr.equals(normalized)) {
                return type;
            }
        }
        throw new NpyFormatException("unsupported dtype '" + descr + "' (supported: |i1, <i4, <i8, <f4, <f8)");
    }
}
