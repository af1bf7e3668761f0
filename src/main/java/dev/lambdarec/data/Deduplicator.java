package dev.lambdarec.data;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Turns the accepted rows into {@link Interactions}: ids re-indexed in natural order (numeric when every id is
 * a number), rows grouped by user and sorted by item, and repeated (user, item) pairs merged into the latest
 * one (largest timestamp; on a tie, or without timestamps, the row read last).
 */
public final class Deduplicator {

    public record Result(Interactions interactions, long duplicatesMerged) {
    }

    private Deduplicator() {
    }

    public static Result deduplicate(InteractionLog log) {
        int n = log.size();
        String[] userIds = log.users().ids();
        String[] itemIds = log.items().ids();
        int[] userRank = naturalOrder(userIds);
        int[] itemRank = naturalOrder(itemIds);
        int[] users = log.userColumn();
        int[] items = log.itemColumn();
        long[] timestamps = log.timestampColumn();

        int numUsers = userIds.length;
        int[] offsets = new int[numUsers + 1];
        for (int row = 0; row < n; row++) {
            offsets[userRank[users[row]] + 1]++;
        }
        for (int u = 0; u < numUsers; u++) {
            offsets[u + 1] += offsets[u];
        }
        int[] order = new int[n];
        int[] fill = Arrays.copyOf(offsets, numUsers);
        for (int row = 0; row < n; row++) {
            order[fill[userRank[users[row]]]++] = row;
        }
        fill = null;

        int maxGroup = 0;
        for (int u = 0; u < numUsers; u++) {
            maxGroup = Math.max(maxGroup, offsets[u + 1] - offsets[u]);
        }
        long[] packed = new long[maxGroup];
        int kept = 0;
        for (int u = 0; u < numUsers; u++) {
            int from = offsets[u];
            int size = offsets[u + 1] - from;
            for (int k = 0; k < size; k++) {
                int row = order[from + k];
                packed[k] = (long) itemRank[items[row]] << 32 | row;
            }
            Arrays.sort(packed, 0, size);
            int k = 0;
            while (k < size) {
                int item = (int) (packed[k] >>> 32);
                int best = (int) packed[k];
                int j = k + 1;
                for (; j < size && (int) (packed[j] >>> 32) == item; j++) {
                    int row = (int) packed[j];
                    if (timestamps == null || timestamps[row] >= timestamps[best]) {
                        best = row;
                    }
                }
                order[kept++] = best; // kept <= from + k: overwrites only slots already consumed
                k = j;
            }
        }

        int[] newUsers = new int[kept];
        int[] newItems = new int[kept];
        float[] newRatings = log.hasRatings() ? new float[kept] : null;
        long[] newTimestamps = log.hasTimestamps() ? new long[kept] : null;
        float[] ratings = log.ratingColumn();
        for (int i = 0; i < kept; i++) {
            int row = order[i];
            newUsers[i] = userRank[users[row]];
            newItems[i] = itemRank[items[row]];
            if (newRatings != null) {
                newRatings[i] = ratings[row];
            }
            if (newTimestamps != null) {
                newTimestamps[i] = timestamps[row];
            }
        }
        Interactions interactions = new Interactions(sortedIds(userIds, userRank), sortedIds(itemIds, itemRank),
                newUsers, newItems, newRatings, newTimestamps);
        return new Result(interactions, log.merged() + n - kept);
    }

    /** rank[index] = position of ids[index] in natural order. */
    static int[] naturalOrder(String[] ids) {
        boolean numeric = Arrays.stream(ids).allMatch(Deduplicator::isNumber);
        Comparator<Integer> byId = numeric
                ? Comparator.<Integer>comparingLong(i -> Long.parseLong(ids[i])).thenComparing(i -> ids[i])
                : Comparator.comparing(i -> ids[i]);
        Integer[] byRank = new Integer[ids.length];
        for (int i = 0; i < ids.length; i++) {
            byRank[i] = i;
        }
        Arrays.sort(byRank, byId);
        int[] rank = new int[ids.length];
        for (int r = 0; r < byRank.length; r++) {
            rank[byRank[r]] = r;
        }
        return rank;
    }

    private static String[] sortedIds(String[] ids, int[] rank) {
        String[] sorted = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            sorted[rank[i]] = ids[i];
        }
        return sorted;
    }

    private static boolean isNumber(String id) {
        if (id.isEmpty() || id.length() > 18) {
            return false;
        }
        for (int i = id.charAt(0) == '-' ? 1 : 0; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return false;
            }
        }
        return id.length() > (id.charAt(0) == '-' ? 1 : 0);
    }
}
