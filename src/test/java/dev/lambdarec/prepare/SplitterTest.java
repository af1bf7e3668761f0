package dev.lambdarec.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambdarec.data.Interactions;
import dev.lambdarec.data.InvalidInputException;
import dev.lambdarec.testing.TestData;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplitterTest {
    private static final Interactions DATA = TestData.synthetic(300, 400, 12_000, 7);

    @ParameterizedTest
    @ValueSource(strings = {"leave-last:3", "leave-one-out", "random:0.8:1", "stratified-user:0.75:42",
        "stratified-item:0.75:42", "temporal:0.9"})
    void everyRowLandsOnExactlyOneSideAndTheSameSeedGivesTheSameSplit(String spec) {
        Split split = Splitter.split(DATA, SplitSpec.parse(spec), Split.ColdStart.KEEP);
        assertThat(split.train() + split.test()).isEqualTo(DATA.size());
        assertThat(split.coldDropped()).isZero();
        long train = 0;
        for (int row = 0; row < DATA.size(); row++) {
            assertThat(split.side()[row]).isIn(Split.TRAIN, Split.TEST);
            train += split.isTrain(row) ? 1 : 0;
        }
        assertThat(train).isEqualTo(split.train());
        assertThat(Splitter.split(DATA, SplitSpec.parse(spec), Split.ColdStart.KEEP).side()).isEqualTo(split.side());
    }

    @Test
    void differentSeedsGiveDifferentSplits() {
        byte[] a = Splitter.split(DATA, SplitSpec.parse("stratified-user:0.75:1"), Split.ColdStart.KEEP).side();
        byte[] b = Splitter.split(DATA, SplitSpec.parse("stratified-user:0.75:2"), Split.ColdStart.KEEP).side();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void leaveLastTakesEachUsersLatestAndKeepsOneForTraining() {
        Split split = Splitter.split(DATA, SplitSpec.parse("leave-last:5"), Split.ColdStart.KEEP);
        for (int u = 0; u < DATA.numUsers(); u++) {
            int size = DATA.userEnd(u) - DATA.userStart(u);
            long latestTrain = Long.MIN_VALUE;
            long earliestTest = Long.MAX_VALUE;
            int test = 0;
            for (int row = DATA.userStart(u); row < DATA.userEnd(u); row++) {
                if (split.isTest(row)) {
                    test++;
                    earliestTest = Math.min(earliestTest, DATA.timestamp(row));
                } else {
                    latestTrain = Math.max(latestTrain, DATA.timestamp(row));
                }
            }
            assertThat(test).isEqualTo(Math.min(5, size - 1));
            if (test > 0) {
                assertThat(latestTrain).isLessThanOrEqualTo(earliestTest);
            }
        }
    }

    @Test
    void stratifiedUserFollowsTheRankRule() {
        Split split = Splitter.split(DATA, SplitSpec.parse("stratified-user:0.75:3"), Split.ColdStart.KEEP);
        for (int u = 0; u < DATA.numUsers(); u++) {
            int size = DATA.userEnd(u) - DATA.userStart(u);
            int train = 0;
            for (int row = DATA.userStart(u); row < DATA.userEnd(u); row++) {
                train += split.isTrain(row) ? 1 : 0;
            }
            assertThat(train).isEqualTo((int) Math.ceil(0.75 * size));
        }
        assertThat(Splitter.trainCount(1, 0.75)).isEqualTo(1);
        assertThat(Splitter.trainCount(2, 0.75)).isEqualTo(2);
        assertThat(Splitter.trainCount(4, 0.75)).isEqualTo(3);
        assertThat(Splitter.trainCount(10, 0.75)).isEqualTo(8);
    }

    @Test
    void stratifiedItemSplitsEachItem() {
        Split split = Splitter.split(DATA, SplitSpec.parse("stratified-item:0.5:3"), Split.ColdStart.KEEP);
        Map<Integer, int[]> perItem = new HashMap<>();
        for (int row = 0; row < DATA.size(); row++) {
            int[] c = perItem.computeIfAbsent(DATA.item(row), k -> new int[2]);
            c[split.isTrain(row) ? 0 : 1]++;
        }
        perItem.values().forEach(c -> assertThat(c[0]).isEqualTo(Splitter.trainCount(c[0] + c[1], 0.5)));
    }

    @Test
    void temporalCutRespectsTime() {
        Split split = Splitter.split(DATA, SplitSpec.parse("temporal:0.8"), Split.ColdStart.KEEP);
        long latestTrain = Long.MIN_VALUE;
        long earliestTest = Long.MAX_VALUE;
        for (int row = 0; row < DATA.size(); row++) {
            if (split.isTrain(row)) {
                latestTrain = Math.max(latestTrain, DATA.timestamp(row));
            } else {
                earliestTest = Math.min(earliestTest, DATA.timestamp(row));
            }
        }
        assertThat(latestTrain).isLessThanOrEqualTo(earliestTest);
        assertThat(split.train()).isEqualTo(Splitter.trainCount(DATA.size(), 0.8));
    }

    @Test
    void coldTestRowsAreCountedAndDroppedOrKept() {
        // user 0 has one row: a random split may put it in test, making user 0 cold.
        Interactions data = new Interactions(TestData.ids(3), TestData.ids(3),
                new int[] {0, 1, 1, 2, 2}, new int[] {2, 0, 1, 0, 1}, null, new long[] {5, 1, 2, 3, 4});
        Split kept = Splitter.split(data, SplitSpec.parse("temporal:0.5"), Split.ColdStart.KEEP);
        Split dropped = Splitter.split(data, SplitSpec.parse("temporal:0.5"), Split.ColdStart.DROP);
        // times 1,2,3 train (rows 1,2,3); rows 4 (t=4, user 2 item 1) and 0 (t=5, user 0 item 2) test
        assertThat(kept.test()).isEqualTo(2);
        assertThat(kept.coldUserRows()).isEqualTo(1);
        assertThat(kept.coldItemRows()).isEqualTo(1);
        assertThat(dropped.test()).isEqualTo(1);
        assertThat(dropped.coldDropped()).isEqualTo(1);
        assertThat(dropped.side()[0]).isEqualTo(Split.DROPPED);
        assertThat(dropped.train() + dropped.test() + dropped.coldDropped()).isEqualTo(data.size());
    }

    @Test
    void timeSplitsNeedTimestamps() {
        Interactions untimed = new Interactions(TestData.ids(1), TestData.ids(2), new int[] {0, 0}, new int[] {0, 1}, null, null);
        assertThatThrownBy(() -> Splitter.split(untimed, SplitSpec.parse("leave-one-out"), Split.ColdStart.DROP))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no timestamp column");
    }

    @Test
    void usersHoldoutTakesUsersOutOfTrainingAndSplitsEachIntoFoldInAndTarget() {
        Split split = Splitter.split(DATA, SplitSpec.parse("users-holdout:40:0.8:7"), Split.ColdStart.KEEP);
        int heldOut = 0;
        long foldIn = 0;
        long held = 0;
        for (int user = 0; user < DATA.numUsers(); user++) {
            int[] counts = new int[4];
            for (int row = DATA.userStart(user); row < DATA.userEnd(user); row++) {
                counts[split.side()[row]]++;
            }
            if (counts[Split.FOLD_IN] > 0) {
                heldOut++;
                assertThat(counts[Split.TRAIN]).as("a held-out user trains on nothing").isZero();
                assertThat(counts[Split.TEST]).as("and keeps a target").isPositive();
                foldIn += counts[Split.FOLD_IN];
                held += counts[Split.FOLD_IN] + counts[Split.TEST];
            } else {
                assertThat(counts[Split.TEST]).as("everyone else trains on everything").isZero();
            }
        }
        assertThat(heldOut).isEqualTo(40);
        assertThat(foldIn / (double) held).isBetween(0.75, 0.85);
        assertThat(split.train() + split.test()).isEqualTo(DATA.size());
        assertThat(split.coldUserRows()).as("new by design, not cold").isZero();
        assertThat(Splitter.split(DATA, SplitSpec.parse("users-holdout:40:0.8:7"), Split.ColdStart.KEEP).side()).isEqualTo(split.side());
        assertThat(Splitter.split(DATA, SplitSpec.parse("users-holdout:40:0.8:8"), Split.ColdStart.KEEP).side()).isNotEqualTo(split.side());
        assertThatThrownBy(() -> Splitter.split(DATA, SplitSpec.parse("users-holdout:300:0.8:7"), Split.ColdStart.KEEP))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("holds out 300 users, but only");
        assertThatThrownBy(() -> SplitSpec.parse("users-holdout:40:0.8")).hasMessageContaining("expected 3 parameter(s)");
        assertThatThrownBy(() -> SplitSpec.parse("users-holdout:0:0.8:1")).hasMessageContaining("N (users held out) must be >= 1");
        assertThat(SplitSpec.parse("Users-Holdout:200:0.8:42").toString()).isEqualTo("users-holdout:200:0.8:42");
    }

    @Test
    void specsParseToCanonicalText() {
        assertThat(SplitSpec.parse("leave-one-out").toString()).isEqualTo("leave-last:1");
        assertThat(SplitSpec.parse(" Stratified-Item:0.75:42 ").toString()).isEqualTo("stratified-item:0.75:42");
        assertThat(SplitSpec.parse("temporal:0.9").needsTimestamps()).isTrue();
    }
}
