package dev.lambdarec.prepare;

import dev.lambdarec.common.Shuffle;
import dev.lambdarec.data.Interactions;
import dev.lambdarec.data.InvalidInputException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Assigns every interaction to train or test. Ratio splits put a group's rows at shuffled (or time) rank
 * k of n into train when k/n < ratio, the rule of Microsoft Recommenders' python_stratified_split,
 * so a group of one always trains.
 */
public final class Splitter {
    private static final long STREAM_SPLIT = 1;

    private Splitter() {
    }

    public static Split split(Interactions data, SplitSpec spec, Split.ColdStart coldStart) {
        if (spec.needsTimestamps() && !data.hasTimestamps()) {
            throw new InvalidInputException("split " + spec + " orders by time, but the input has no timestamp column");
        }
        byte[] side = new byte[data.size()];
        Arrays.fill(side, Split.TEST);
        switch (spec.kind()) {
            case LEAVE_LAST -> leaveLast(data, spec.count(), side);
            case RANDOM -> random(data.size(), spec, side);
            case STRATIFIED_USER -> stratified(userGroups(data), data.size(), spec, side);
            case STRATIFIED_ITEM -> stratified(itemGroups(data), data.size(), spec, side);
            case TEMPORAL -> temporal(data, spec.ratio(), side);
            case USERS_HOLDOUT -> usersHoldout(data, spec, side);
        }
        return withColdStart(data, side, coldStart);
    }

    /**
     * N users drawn at random (seeded) among those with at least two interactions leave training entirely; each
     * one's interactions, shuffled, go rank k of n to fold-in when k/n < FRACTION, the rest to test (the target),
     * so each keeps at least one of both. Everyone else trains on all of theirs.
     */
    private static void usersHoldout(Interactions data, SplitSpec spec, byte[] side) {
        int[] eligible = IntStream.range(0, data.numUsers()).filter(u -> data.userEnd(u) - data.userStart(u) >= 2).toArray();
        if (spec.count() >= eligible.length) {
            throw new InvalidInputException("split " + spec + " holds out " + spec.count() + " users, but only " + eligible.length
                    + " users have the two interactions a held-out user needs (and some must train)");
        }
        SplittableRandom random = Seeds.stream(spec.seed(), STREAM_SPLIT, 0);
        Shuffle.inPlace(eligible, 0, eligible.length, random);
        Arrays.fill(side, Split.TRAIN);
        int[] rows = new int[data.size()];
        for (int n = 0; n < spec.count(); n++) {
            int user = eligible[n];
            int from = data.userStart(user);
            int size = data.userEnd(user) - from;
            for (int k = 0; k < size; k++) {
                rows[k] = from + k;
            }
            Shuffle.inPlace(rows, 0, size, Seeds.stream(spec.seed(), STREAM_SPLIT, 1 + user));
            int foldIn = Math.min(size - 1, trainCount(size, spec.ratio()));
            for (int k = 0; k < size; k++) {
                side[rows[k]] = k < foldIn ? Split.FOLD_IN : Split.TEST;
            }
        }
    }

    /** Each user's last N by time go to test, but every user keeps at least one training row. */
    private static void leaveLast(Interactions data, int count, byte[] side) {
        long[] packed = new long[16];
        for (int u = 0; u < data.numUsers(); u++) {
            int from = data.userStart(u);
            int size = data.userEnd(u) - from;
            if (packed.length < size) {
                packed = new long[Math.max(size, packed.length * 2)];
            }
            int[] byTime = byTime(data, from, size, packed);
            int testRows = Math.min(count, size - 1);
            for (int k = 0; k < size; k++) {
                side[from + byTime[k]] = k < size - testRows ? Split.TRAIN : Split.TEST;
            }
        }
    }

    /** Offsets within the user's rows, ordered by timestamp (ties: by item). */
    private static int[] byTime(Interactions data, int from, int size, long[] scratch) {
        int[] order = new int[size];
        boolean packable = size < (1 << 24);
        for (int k = 0; k < size && packable; k++) {
            packable = data.timestamp(from + k) < (1L << 39);
        }
        if (packable) {
            for (int k = 0; k < size; k++) {
                scratch[k] = data.timestamp(from + k) << 24 | k;
            }
            Arrays.sort(scratch, 0, size);
            for (int k = 0; k < size; k++) {
                order[k] = (int) (scratch[k] & 0xFFFFFF);
            }
            return order;
        }
        Integer[] boxed = new Integer[size];
        for (int k = 0; k < size; k++) {
            boxed[k] = k;
        }
        Arrays.sort(boxed, (a, b) -> Long.compare(data.timestamp(from + a), data.timestamp(from + b)));
        for (int k = 0; k < size; k++) {
            order[k] = boxed[k];
        }
        return order;
    }

    private static void random(int n, SplitSpec spec, byte[] side) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        assignGroup(rows, 0, n, spec, Seeds.stream(spec.seed(), STREAM_SPLIT, 0), side);
    }

    /** groups: rows listed group by group, with offsets[g]..offsets[g+1] the rows of group g. */
    private record Groups(int[] rows, int[] offsets) {
    }

    private static void stratified(Groups groups, int n, SplitSpec spec, byte[] side) {
        int[] rows = groups.rows();
        for (int g = 0; g + 1 < groups.offsets().length; g++) {
            assignGroup(rows, groups.offsets()[g], groups.offsets()[g + 1], spec,
                    Seeds.stream(spec.seed(), STREAM_SPLIT, g), side);
        }
    }

    /** Shuffles rows[from, to) and sends rank k of n to train when k/n < ratio. */
    private static void assignGroup(int[] rows, int from, int to, SplitSpec spec, SplittableRandom random, byte[] side) {
        int n = to - from;
        Shuffle.inPlace(rows, from, to, random);
        int train = trainCount(n, spec.ratio());
        for (int k = 0; k < n; k++) {
            side[rows[from + k]] = k < train ? Split.TRAIN : Split.TEST;
        }
    }

    static int trainCount(int n, double ratio) {
        int train = 0;
        while (train < n && (double) train / n < ratio) {
            train++;
        }
        return train;
    }

    private static Groups userGroups(Interactions data) {
        int[] rows = new int[data.size()];
        int[] offsets = new int[data.numUsers() + 1];
        for (int u = 0; u < data.numUsers(); u++) {
            offsets[u + 1] = data.userEnd(u);
        }
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return new Groups(rows, offsets);
    }

    private static Groups itemGroups(Interactions data) {
        int[] offsets = new int[data.numItems() + 1];
        for (int row = 0; row < data.size(); row++) {
            offsets[data.item(row) + 1]++;
        }
        for (int i = 0; i < data.numItems(); i++) {
            offsets[i + 1] += offsets[i];
        }
        int[] fill = Arrays.copyOf(offsets, data.numItems());
        int[] rows = new int[data.size()];
        for (int row = 0; row < data.size(); row++) {
            rows[fill[data.item(row)]++] = row;
        }
        return new Groups(rows, offsets);
    }

    /** A global time cut: the earliest share of rows train, the rest test; rows at the cut time go in row order. */
    private static void temporal(Interactions data, double ratio, byte[] side) {
        int n = data.size();
        int train = trainCount(n, ratio);
        if (train == n) {
            Arrays.fill(side, Split.TRAIN);
            return;
        }
        long[] times = new long[n];
        for (int row = 0; row < n; row++) {
            times[row] = data.timestamp(row);
        }
        Arrays.sort(times);
        long cut = times[train - 1];
        int below = 0;
        for (int i = 0; i < n && times[i] < cut; i++) {
            below++;
        }
        int atCutForTrain = train - below;
        for (int row = 0; row < n; row++) {
            long t = data.timestamp(row);
            if (t < cut || t == cut && atCutForTrain-- > 0) {
                side[row] = Split.TRAIN;
            }
        }
    }

    private static Split withColdStart(Interactions data, byte[] side, Split.ColdStart coldStart) {
        int[] userTrain = new int[data.numUsers()];
        int[] itemTrain = new int[data.numItems()];
        for (int row = 0; row < side.length; row++) {
            if (side[row] == Split.TRAIN) {
                userTrain[data.user(row)]++;
                itemTrain[data.item(row)]++;
            }
        }
        long train = 0;
        long test = 0;
        long coldUser = 0;
        long coldItem = 0;
        long dropped = 0;
        boolean[] heldOut = new boolean[data.numUsers()];
        for (int row = 0; row < side.length; row++) {
            heldOut[data.user(row)] |= side[row] == Split.FOLD_IN;
        }
        for (int row = 0; row < side.length; row++) {
            if (side[row] == Split.TRAIN) {
                train++;
                continue;
            }
            if (heldOut[data.user(row)]) {
                // a held-out user is new by design; an item no training row has cannot be folded in or ranked
                boolean itemCold = itemTrain[data.item(row)] == 0;
                coldItem += itemCold ? 1 : 0;
                if (itemCold && coldStart == Split.ColdStart.DROP) {
                    side[row] = Split.DROPPED;
                    dropped++;
                } else {
                    test++;
                }
                continue;
            }
            boolean userCold = userTrain[data.user(row)] == 0;
            boolean itemCold = itemTrain[data.item(row)] == 0;
            coldUser += userCold ? 1 : 0;
            coldItem += itemCold ? 1 : 0;
            if ((userCold || itemCold) && coldStart == Split.ColdStart.DROP) {
                side[row] = Split.DROPPED;
                dropped++;
            } else {
                test++;
            }
        }
        return new Split(side, train, test, coldUser, coldItem, dropped);
    }
}
