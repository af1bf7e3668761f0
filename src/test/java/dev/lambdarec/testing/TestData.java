package dev.lambdarec.testing;

import dev.lambdarec.data.Interactions;
import dev.lambdarec.synth.SyntheticInteractions;
import dev.lambdarec.synth.SyntheticSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** In-memory {@link Interactions} for tests, from synthetic data with a planted structure. */
public final class TestData {
    private TestData() {
    }

    public static Interactions synthetic(int users, int items, long interactions, long seed) {
        SyntheticInteractions generator = new SyntheticInteractions(
                SyntheticSpec.movielensLike(seed).withSize(users, items, interactions));
        List<long[]> rows = new ArrayList<>();
        try {
            generator.generate((u, i, rating, time) -> rows.add(new long[] {u - 1, i - 1, rating, time}));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        rows.sort(Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[1]));
        int n = rows.size();
        int[] u = new int[n];
        int[] i = new int[n];
        float[] r = new float[n];
        long[] t = new long[n];
        for (int k = 0; k < n; k++) {
            long[] row = rows.get(k);
            u[k] = (int) row[0];
            i[k] = (int) row[1];
            r[k] = row[2];
            t[k] = row[3];
        }
        return new Interactions(ids(users), ids(items), u, i, r, t);
    }

    public static String[] ids(int n) {
        String[] ids = new String[n];
        for (int k = 0; k < n; k++) {
            ids[k] = Integer.toString(k + 1);
        }
        return ids;
    }
}
