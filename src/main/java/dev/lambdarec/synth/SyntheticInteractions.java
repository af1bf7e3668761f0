package dev.lambdarec.synth;

import dev.lambdarec.common.Shuffle;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Interactions with a planted structure, seeded: every user and item has a latent factor vector; items have a
 * Zipf popularity; a user picks items drawn by popularity and kept with probability sigmoid(affinity * u.v), so
 * items that match the user's factors are over-represented, which a working recommender must recover.
 * Ratings grow with u.v; timestamps increase per user. Side features follow the factors too: an item's genres
 * are its strongest factor dimensions, a user's age and occupation come from theirs.
 */
public final class SyntheticInteractions {
    static final String[] GENRES = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
        "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
        "Thriller", "War", "Western"};
    private static final String[] OCCUPATIONS = {"administrator", "artist", "doctor", "educator", "engineer",
        "entertainment", "executive", "healthcare", "homemaker", "lawyer", "librarian", "marketing", "none", "other",
        "programmer", "retired", "salesman", "scientist", "student", "technician", "writer"};
    private static final long START = 874_724_710L; // 1997-09-20, MovieLens 100K's first day

    private final SyntheticSpec spec;
    private final float[] userFactors;
    private final float[] itemFactors;
    private final AliasTable popularity;
    private final int[] perUser;

    /** Receives interactions in generation order (1-based external ids). */
    @FunctionalInterface
    public interface Sink {
        void accept(int user, int item, int rating, long timestamp) throws IOException;
    }

    public SyntheticInteractions(SyntheticSpec spec) {
        this.spec = spec;
        SplittableRandom random = new SplittableRandom(spec.seed());
        int d = spec.factors();
        this.userFactors = gaussian(random, spec.users() * d, 1 / Math.sqrt(d));
        this.itemFactors = gaussian(random, spec.items() * d, 1.0);
        double[] weights = new double[spec.items()];
        int[] rankOf = shuffled(spec.items(), random);
        for (int i = 0; i < spec.items(); i++) {
            weights[i] = 1.0 / Math.pow(rankOf[i] + 1, spec.popularitySkew());
        }
        this.popularity = new AliasTable(weights);
        this.perUser = userCounts(random);
    }

    public SyntheticSpec spec() {
        return spec;
    }

    /** The planted affinity u.v of a (0-based) user and item. */
    public double affinity(int user, int item) {
        int d = spec.factors();
        double dot = 0;
        for (int k = 0; k < d; k++) {
            dot += userFactors[user * d + k] * itemFactors[item * d + k];
        }
        return dot;
    }

    /** Generates every interaction: for each user, its count of distinct items, in time order. */
    public void generate(Sink sink) throws IOException {
        int[] seen = new int[64];
        for (int u = 0; u < spec.users(); u++) {
            SplittableRandom random = new SplittableRandom(spec.seed() * 31 + u + 1);
            int want = perUser[u];
            if (seen.length < want * 2) {
                seen = new int[Integer.highestOneBit(want * 2) << 1];
            }
            Arrays.fill(seen, -1);
            long time = START + random.nextLong(2L * 365 * 86_400);
            int got = 0;
            while (got < want) {
                int item = popularity.sample(random);
                double a = affinity(u, item);
                if (random.nextDouble() >= 1 / (1 + Math.exp(-spec.affinity() * a)) || !addNew(seen, item)) {
                    continue;
                }
                int rating = (int) Math.max(1, Math.min(5, Math.round(3.3 + 1.1 * a + 0.6 * random.nextGaussian())));
                time += 1 + (long) (-Math.log(1 - random.nextDouble()) * 86_400);
                sink.accept(u + 1, item + 1, rating, time);
                got++;
            }
        }
    }

    /** Writes the MovieLens 100K layout (u.data, u.item, u.genre, u.user) so every reader path is exercised. */
    public void writeMovieLens100k(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Writer out = writer(dir.resolve("u.data"))) {
            StringBuilder line = new StringBuilder(48);
            generate((user, item, rating, timestamp) -> {
                line.setLength(0);
                line.append(user).append('\t').append(item).append('\t').append(rating).append('\t').append(timestamp).append('\n');
                out.append(line);
            });
        }
        try (Writer out = writer(dir.resolve("u.genre"))) {
            for (int g = 0; g < GENRES.length; g++) {
                out.write(GENRES[g] + "|" + g + "\n");
            }
        }
        try (Writer out = writer(dir.resolve("u.item"))) {
            for (int i = 0; i < spec.items(); i++) {
                boolean[] genres = itemGenres(i);
                StringBuilder line = new StringBuilder().append(i + 1).append("|Item ").append(i + 1)
                        .append(" (1997)|01-Jan-1997||http://example.invalid/item/").append(i + 1);
                for (boolean g : genres) {
                    line.append('|').append(g ? 1 : 0);
                }
                out.write(line.append('\n').toString());
            }
        }
        try (Writer out = writer(dir.resolve("u.user"))) {
            int d = spec.factors();
            for (int u = 0; u < spec.users(); u++) {
                float first = userFactors[u * d] * (float) Math.sqrt(d);
                int age = 18 + (int) (45 / (1 + Math.exp(-first)));
                String gender = d > 1 && userFactors[u * d + 1] > 0 ? "F" : "M";
                String occupation = OCCUPATIONS[strongest(userFactors, u * d, d) % OCCUPATIONS.length];
                out.write((u + 1) + "|" + age + "|" + gender + "|" + occupation + "|" + String.format("%05d", (u * 7919) % 100_000) + "\n");
            }
        }
    }

    /** The planted cluster of an item: the factor dimension it loads on most (what its main genre is made from). */
    public int cluster(int item) {
        return strongest(itemFactors, item * spec.factors(), spec.factors());
    }

    /** Genres 1..18 map to factor dimensions; an item has the genre of its strongest dimension and any above 1.2. */
    boolean[] itemGenres(int item) {
        int d = spec.factors();
        boolean[] genres = new boolean[GENRES.length];
        genres[1 + strongest(itemFactors, item * d, d) % (GENRES.length - 1)] = true;
        for (int k = 0; k < d; k++) {
            if (itemFactors[item * d + k] > 1.2f) {
                genres[1 + k % (GENRES.length - 1)] = true;
            }
        }
        return genres;
    }

    private static int strongest(float[] factors, int from, int d) {
        int best = 0;
        for (int k = 1; k < d; k++) {
            if (factors[from + k] > factors[from + best]) {
                best = k;
            }
        }
        return best;
    }

    /** Per-user counts: log-normal activity, at least 1, at most half the catalogue, summing to the total. */
    private int[] userCounts(SplittableRandom random) {
        int users = spec.users();
        int cap = spec.items() / 2;
        double[] weights = new double[users];
        double sum = 0;
        for (int u = 0; u < users; u++) {
            weights[u] = Math.exp(0.9 * random.nextGaussian());
            sum += weights[u];
        }
        int[] counts = new int[users];
        long remaining = spec.interactions();
        for (int u = 0; u < users; u++) {
            counts[u] = (int) Math.min(cap, Math.max(1, Math.floor(weights[u] / sum * spec.interactions())));
            remaining -= counts[u];
        }
        for (int u = 0; remaining != 0; u = (u + 1) % users) {
            if (remaining > 0 && counts[u] < cap) {
                counts[u]++;
                remaining--;
            } else if (remaining < 0 && counts[u] > 1) {
                counts[u]--;
                remaining++;
            }
        }
        return counts;
    }

    private static boolean addNew(int[] set, int value) {
        int mask = set.length - 1;
        for (int slot = (value * 0x9E3779B1) >>> 7 & mask; ; slot = (slot + 1) & mask) {
            if (set[slot] == value) {
                return false;
            }
            if (set[slot] < 0) {
                set[slot] = value;
                return true;
            }
        }
    }

    private static float[] gaussian(SplittableRandom random, int n, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        return Shuffle.permutation(n, random);
    }

    private static Writer writer(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.ISO_8859_1), 1 << 16);
    }
}
