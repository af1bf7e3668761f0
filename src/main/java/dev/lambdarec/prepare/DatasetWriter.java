package dev.lambdarec.prepare;

import dev.lambdarec.store.StoreLayout;

import dev.lambdarec.data.Interactions;
import dev.lambdarec.data.SideTable;
import dev.lambdarec.io.ColumnSink;
import dev.lambdarec.io.NpyType;
import dev.lambdarec.io.NpzWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the dataset files into a local directory: train.npz and test.npz (positives, label 1, in user order,
 * then the sampled negatives, label 0, with rating 0 and timestamp 0), users.tsv.gz and items.tsv.gz.
 * Negatives are generated while writing, never held in memory.
 */
final class DatasetWriter {

    private final Interactions data;
    private final Split split;
    private final NegativeSampler sampler;
    /** users-holdout: test.npz says which of a held-out user's rows are the fold-in part. */
    private final boolean foldInColumn;

    record Written(long trainNegatives, long testNegatives, long testUsers) {
    }

    DatasetWriter(Interactions data, Split split, boolean foldInColumn, long seed) {
        this.data = data;
        this.split = split;
        this.foldInColumn = foldInColumn;
        this.sampler = new NegativeSampler(data, seed);
    }

    Written write(Path dir, int negatives, int testNegatives, SideTable users, SideTable items) throws IOException {
        int[] trainPerUser = new int[data.numUsers()];
        boolean[] testUser = new boolean[data.numUsers()];
        for (int row = 0; row < data.size(); row++) {
            if (split.isTrain(row)) {
                trainPerUser[data.user(row)]++;
            } else if (split.isTest(row)) {
                testUser[data.user(row)] = true;
            }
        }
        long[] trainNegativesPerUser = new long[data.numUsers()];
        long[] testNegativesPerUser = new long[data.numUsers()];
        long trainNegatives = 0;
        long testNegativesTotal = 0;
        long testUsers = 0;
        for (int u = 0; u < data.numUsers(); u++) {
            int available = sampler.available(u);
            trainNegativesPerUser[u] = available == 0 ? 0 : (long) negatives * trainPerUser[u];
            trainNegatives += trainNegativesPerUser[u];
            if (testUser[u]) {
                testUsers++;
                testNegativesPerUser[u] = Math.min(testNegatives, available);
                testNegativesTotal += testNegativesPerUser[u];
            }
        }
        if (trainNegatives > Integer.MAX_VALUE - 8 - split.train()) {
            throw new IllegalArgumentException("negatives: " + trainNegatives + " training negatives would not fit one array; lower negatives");
        }
        writeNpz(dir.resolve(StoreLayout.TRAIN), Split.TRAIN, split.train(), trainNegatives, trainNegativesPerUser,
                (u, sink) -> sampler.trainNegatives(u, (int) trainNegativesPerUser[u], sink::accept));
        writeNpz(dir.resolve(StoreLayout.TEST), Split.TEST, split.test(), testNegativesTotal, testNegativesPerUser,
                (u, sink) -> {
                    if (testNegativesPerUser[u] > 0) {
                        for (int item : sampler.testNegatives(u, testNegatives)) {
                            sink.accept(item);
                        }
                    }
                });
        writeIds(dir.resolve(StoreLayout.USERS), data.userIds(), users);
        writeIds(dir.resolve(StoreLayout.ITEMS), data.itemIds(), items);
        return new Written(trainNegatives, testNegativesTotal, testUsers);
    }

    private interface NegativeItems {
        void forUser(int user, IntConsumer sink);
    }

    private void writeNpz(Path file, byte side, long positives, long negatives, long[] negativesPerUser,
                          NegativeItems negativeItems) throws IOException {
        long length = positives + negatives;
        java.util.function.IntPredicate mine = side == Split.TRAIN ? split::isTrain : split::isTest;
        try (NpzWriter npz = new NpzWriter(file)) {
            npz.add("user", NpyType.INT32, length, sink -> {
                for (int row = 0; row < data.size(); row++) {
                    if (mine.test(row)) {
                        sink.putInt(data.user(row));
                    }
                }
                for (int u = 0; u < negativesPerUser.length; u++) {
                    for (long k = 0; k < negativesPerUser[u]; k++) {
                        sink.putInt(u);
                    }
                }
            });
            npz.add("item", NpyType.INT32, length, sink -> {
                for (int row = 0; row < data.size(); row++) {
                    if (mine.test(row)) {
                        sink.putInt(data.item(row));
                    }
                }
                for (int u = 0; u < negativesPerUser.length; u++) {
                    negativeItems.forUser(u, sink::putInt);
                }
            });
            npz.add("label", NpyType.INT8, length, sink -> {
                fill(sink, positives, s -> s.putByte((byte) 1));
                fill(sink, negatives, s -> s.putByte((byte) 0));
            });
            if (data.hasRatings()) {
                npz.add("rating", NpyType.FLOAT32, length, sink -> {
                    for (int row = 0; row < data.size(); row++) {
                        if (mine.test(row)) {
                            sink.putFloat(data.rating(row));
                        }
                    }
                    fill(sink, negatives, s -> s.putFloat(0f));
                });
            }
            if (foldInColumn && side == Split.TEST) {
                npz.add("fold_in", NpyType.INT8, length, sink -> {
                    for (int row = 0; row < data.size(); row++) {
                        if (mine.test(row)) {
                            sink.putByte(split.side()[row] == Split.FOLD_IN ? (byte) 1 : 0);
                        }
                    }
                    fill(sink, negatives, s -> s.putByte((byte) 0));
                });
            }
            if (data.hasTimestamps()) {
                npz.add("timestamp", NpyType.INT64, length, sink -> {
                    for (int row = 0; row < data.size(); row++) {
                        if (mine.test(row)) {
                            sink.putLong(data.timestamp(row));
                        }
                    }
                    fill(sink, negatives, s -> s.putLong(0L));
                });
            }
        }
    }

    private static void fill(ColumnSink sink, long count, java.util.function.Consumer<ColumnSink> put) {
        for (long i = 0; i < count; i++) {
            put.accept(sink);
        }
    }

    private static void writeIds(Path file, String[] ids, SideTable side) throws IOException {
        boolean withSide = side.size() > 0;
        try (Writer out = new BufferedWriter(new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            out.write("index\tid");
            if (withSide) {
                for (String column : side.columns()) {
                    out.write('\t');
                    out.write(column);
                }
            }
            out.write('\n');
            for (int i = 0; i < ids.length; i++) {
                out.write(Integer.toString(i));
                out.write('\t');
                out.write(clean(ids[i]));
                if (withSide) {
                    for (String value : side.row(ids[i])) {
                        out.write('\t');
                        out.write(clean(value));
                    }
                }
                out.write('\n');
            }
        }
    }

    private static String clean(String value) {
        return value.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    /** The column list the manifest documents. */
    static Map<String, List<DatasetManifest.Column>> columns(Interactions data, boolean foldInColumn) {
        List<DatasetManifest.Column> npz = new ArrayList<>();
        npz.add(new DatasetManifest.Column("user", NpyType.INT32.descr, "user index (users.tsv.gz)"));
        npz.add(new DatasetManifest.Column("item", NpyType.INT32.descr, "item index (items.tsv.gz)"));
        npz.add(new DatasetManifest.Column("label", NpyType.INT8.descr, "1 observed interaction, 0 sampled negative (negatives follow positives)"));
        if (data.hasRatings()) {
            npz.add(new DatasetManifest.Column("rating", NpyType.FLOAT32.descr, "explicit rating; 0 on negatives"));
        }
        if (data.hasTimestamps()) {
            npz.add(new DatasetManifest.Column("timestamp", NpyType.INT64.descr, "epoch seconds; 0 on negatives"));
        }
        Map<String, List<DatasetManifest.Column>> columns = new LinkedHashMap<>();
        columns.put(StoreLayout.TRAIN, npz);
        List<DatasetManifest.Column> test = new ArrayList<>(npz);
        if (foldInColumn) {
            test.add(new DatasetManifest.Column("fold_in", NpyType.INT8.descr,
                    "users-holdout: 1 a held-out user's fold-in interaction, 0 their target (and every negative)"));
        }
        columns.put(StoreLayout.TEST, test);
        return columns;
    }
}
