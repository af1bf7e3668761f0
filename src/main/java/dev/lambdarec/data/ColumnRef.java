package dev.lambdarec.data;

/** A column of a delimited file, by 0-based position or by header name; {@link #NONE} when absent. */
public record ColumnRef(int index, String name) {
    public static final ColumnRef NONE = new ColumnRef(-1, null);

    public static ColumnRef at(int index) {
        return new ColumnRef(index, null);
    }

    public static ColumnRef named(String name) {
        return new ColumnRef(-1, name);
    }

    public boolean present() {
        return index >= 0 || name != null;
    }

    public boolean byName() {
        return name != null;
    }

    @Override
    public String toString() {
        return byName() ? "'" + name + "'" : index >= 0 ? "#" + index : "none";
    }
}
