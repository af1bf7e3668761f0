package dev.lambdarec.train;

import dev.lambdarec.store.StoreLayout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Categorical side features per index, from users.tsv.gz and items.tsv.gz: item genres ("genre=Comedy"),
 * user gender, age decade and occupation ("age=20s"). Titles, zip codes and ids are not features.
 */
public record SideFeatures(List<List<String>> users, List<List<String>> items) {

    public static SideFeatures none(int users, int items) {
        return new SideFeatures(empty(users), empty(items));
    }

    public static SideFeatures load(Path dir, int users, int items) throws IOException {
        return new SideFeatures(read(dir.resolve(StoreLayout.USERS), users), read(dir.resolve(StoreLayout.ITEMS), items));
    }

    private static List<List<String>> read(Path file, int count) throws IOException {
        List<List<String>> features = empty(count);
        if (!Files.exists(file)) {
            return features;
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String[] header = in.readLine().split("\t", -1);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split("\t", -1);
                int index = Integer.parseInt(f[0]);
                List<String> row = features.get(index);
                for (int c = 2; c < Math.min(f.length, header.length); c++) {
                    addFeature(row, header[c], f[c]);
                }
            }
        }
        return features;
    }

    private static void addFeature(List<String> row, String column, String value) {
        if (value.isBlank()) {
            return;
        }
        switch (column) {
            case "genres" -> {
                for (String genre : value.split("\\|")) {
                    if (!genre.isBlank() && !genre.equals("unknown")) {
                        row.add("genre=" + genre);
                    }
                }
            }
            case "age" -> {
                if (value.matches("\\d+")) {
                    row.add("age=" + (Integer.parseInt(value) / 10 * 10) + "s");
                }
            }
            case "gender", "occupation" -> row.add(column + "=" + value.toLowerCase(Locale.ROOT));
            default -> {
            }
        }
    }

    private static List<List<String>> empty(int count) {
        List<List<String>> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new ArrayList<>());
        }
        return out;
    }
}
