package dev.lambdarec.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Side features by external id (item titles and genres, user demographics), as text columns. */
public final class SideTable {
    private final List<String> columns;
    private final Map<String, String[]> rows = new HashMap<>();

    public SideTable(String... columns) {
        this.columns = List.of(columns);
    }

    public List<String> columns() {
        return columns;
    }

    public void put(String id, String... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " values " + columns + ", got " + Arrays.toString(values));
        }
        rows.put(id, values);
    }

    /** The row for an id, or empty values when the side file did not list it. */
    public String[] row(String id) {
        String[] row = rows.get(id);
        if (row == null) {
            row = new String[columns.size()];
            Arrays.fill(row, "");
        }
        return row;
    }

    public boolean has(String id) {
        return rows.containsKey(id);
    }

    public int size() {
        return rows.size();
    }
}
