package dev.lambdarec.data;

import java.util.Arrays;

/**
 * Deduplicated interactions grouped by user (ascending), items ascending within a user, over dense indices.
 * {@code userOffsets[u] .. userOffsets[u+1]} are user u's rows. Ratings and timestamps are null when the input
 * had none. External ids are kept per index.
 */
public final class Interactions {
    private final String[] userIds;
    private final String[] itemIds;
    private final int[] users;
    private final int[] items;
    private final float[] ratings;
    private final long[] timestamps;
    private final int[] userOffsets;

    public Interactions(String[] userIds, String[] itemIds, int[] users, int[] items, float[] ratings, long[] timestamps) {
        if (users.length != items.length || ratings != null && ratings.length != users.length
                || timestamps != null && timestamps.length != users.length) {
            throw new IllegalArgumentException("columns differ in length");
        }
        this.userIds = userIds;
        this.itemIds = itemIds;
        this.users = users;
        this.items = items;
        this.ratings = ratings;
        this.timestamps = timestamps;
        this.userOffsets = new int[userIds.length + 1];
        for (int row = 0; row < users.length; row++) {
            if (row > 0 && (users[row] < users[row - 1] || users[row] == users[row - 1] && items[row] <= items[row - 1])) {
                throw new IllegalArgumentException("rows must be sorted by (user, item) without duplicates; row " + row + " is not");
            }
            userOffsets[users[row] + 1]++;
        }
        for (int u = 0; u < userIds.length; u++) {
            userOffsets[u + 1] += userOffsets[u];
        }
    }

    public int size() {
        return users.length;
    }

    public int numUsers() {
        return userIds.length;
    }

    public int numItems() {
        return itemIds.length;
    }

    public int user(int row) {
        return users[row];
    }

    public int item(int row) {
        return items[row];
    }

    public float rating(int row) {
        return ratings == null ? 1f : ratings[row];
    }

    public long timestamp(int row) {
        return timestamps == null ? 0L : timestamps[row];
    }

    public boolean hasRatings() {
        return ratings != null;
    }

    public boolean hasTimestamps() {
        return timestamps != null;
    }

    public int userStart(int user) {
        return userOffsets[user];
    }

    public int userEnd(int user) {
        return userOffsets[user + 1];
    }

    /** User u's items, ascending (a view: do not modify). */
    public int[] itemColumn() {
        return items;
    }

    public String userId(int user) {
        return userIds[user];
    }

    public String itemId(int item) {
        return itemIds[item];
    }

    public String[] userIds() {
        return userIds;
    }

    public String[] itemIds() {
        return itemIds;
    }

    /** Interactions per item. */
    public int[] itemCounts() {
        int[] counts = new int[numItems()];
        for (int item : items) {
            counts[item]++;
        }
        return counts;
    }

    /**
     * The rows where {@code keep} is true, with users and items that lose every row dropped from the index
     * (relative order, and so the grouping, is preserved).
     */
    public Interactions retain(boolean[] keep) {
        int kept = 0;
        boolean[] userUsed = new boolean[numUsers()];
        boolean[] itemUsed = new boolean[numItems()];
        for (int row = 0; row < size(); row++) {
            if (keep[row]) {
                kept++;
                userUsed[users[row]] = true;
                itemUsed[items[row]] = true;
            }
        }
        int[] userMap = compactIndex(userUsed);
        int[] itemMap = compactIndex(itemUsed);
        int[] newUsers = new int[kept];
        int[] newItems = new int[kept];
        float[] newRatings = ratings == null ? null : new float[kept];
        long[] newTimestamps = timestamps == null ? null : new long[kept];
        int out = 0;
        for (int row = 0; row < size(); row++) {
            if (keep[row]) {
                newUsers[out] = userMap[users[row]];
                newItems[out] = itemMap[items[row]];
                if (newRatings != null) {
                    newRatings[out] = ratings[row];
                }
                if (newTimestamps != null) {
                    newTimestamps[out] = timestamps[row];
                }
                out++;
            }
        }
        return new Interactions(select(userIds, userUsed), select(itemIds, itemUsed), newUsers, newItems, newRatings, newTimestamps);
    }

    private static int[] compactIndex(boolean[] used) {
        int[] map = new int[used.length];
        int next = 0;
        for (int i = 0; i < used.length; i++) {
            map[i] = used[i] ? next++ : -1;
        }
        return map;
    }

    private static String[] select(String[] ids, boolean[] used) {
        String[] selected = new String[ids.length];
        int next = 0;
        for (int i = 0; i < ids.length; i++) {
            if (used[i]) {
                selected[next++] = ids[i];
            }
        }
        return Arrays.copyOf(selected, next);
    }
}
