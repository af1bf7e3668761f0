package dev.lambdarec.prepare;

import dev.lambdarec.data.Interactions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Shape of a dataset: sizes, density, count quantiles per user and item, and the rating histogram. */
public record DatasetStats(int users, int items, long interactions, double density,
                           Map<String, Double> userCounts, Map<String, Double> itemCounts,
                           Map<String, Long> ratingHistogram) {

    private static final double[] QUANTILES = {0, 0.25, 0.5, 0.75, 0.9, 0.99, 1};
    private static final String[] QUANTILE_NAMES = {"min", "p25", "p50", "p75", "p90", "p99", "max"};
    private static final int MAX_DISTINCT_RATINGS = 50;

    public static DatasetStats of(Interactions data) {
        int[] perUser = new int[data.numUsers()];
        for (int u = 0; u < data.numUsers(); u++) {
            perUser[u] = data.userEnd(u) - data.userStart(u);
        }
        double cells = (double) data.numUsers() * data.numItems();
        return new DatasetStats(data.numUsers(), data.numItems(), data.size(), cells == 0 ? 0 : data.size() / cells,
                quantiles(perUser), quantiles(data.itemCounts()), histogram(data));
    }

    /** numpy.quantile's default (linear interpolation between closest ranks). */
    static Map<String, Double> quantiles(int[] counts) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (counts.length == 0) {
            return out;
        }
        int[] sorted = counts.clone();
        Arrays.sort(sorted);
        for (int q = 0; q < QUANTILES.length; q++) {
            double position = QUANTILES[q] * (sorted.length - 1);
            int below = (int) Math.floor(position);
            int above = Math.min(below + 1, sorted.length - 1);
            double value = sorted[below] + (position - below) * (sorted[above] - sorted[below]);
            out.put(QUANTILE_NAMES[q], value);
        }
        return out;
    }

    /** Counts per distinct rating when there are few distinct values, else per tenth of the range. */
    static Map<String, Long> histogram(Interactions data) {
        if (!data.hasRatings() || data.size() == 0) {
            return Map.of();
        }
        TreeMap<Float, Long> distinct = new TreeMap<>();
        for (int row = 0; row < data.size() && distinct.size() <= MAX_DISTINCT_RATINGS; row++) {
            distinct.merge(data.rating(row), 1L, Long::sum);
        }
        Map<String, Long> out = new LinkedHashMap<>();
        if (distinct.size() <= MAX_DISTINCT_RATINGS) {
            distinct.forEach((rating, count) -> out.put(label(rating), count));
            return out;
        }
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int row = 0; row < data.size(); row++) {
            min = Math.min(min, data.rating(row));
            max = Math.max(max, data.rating(row));
        }
        long[] bins = new long[10];
        double width = (max - min) / 10.0;
        for (int row = 0; row < data.size(); row++) {
            bins[Math.min(9, (int) ((data.rating(row) - min) / width))]++;
        }
        for (int b = 0; b < 10; b++) {
            out.put("[" + label((float) (min + b * width)) + ", " + label((float) (min + (b + 1) * width)) + (b == 9 ? "]" : ")"), bins[b]);
        }
        return out;
    }

    private static String label(float value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Float.toString(value);
    }
}
