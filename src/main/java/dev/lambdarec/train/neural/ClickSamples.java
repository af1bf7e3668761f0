package dev.lambdarec.train.neural;

import dev.lambdarec.train.TrainingData;
import java.util.SplittableRandom;

/**
 * Binary training examples for click objectives: every training positive (label 1) and {@code negatives}
 * items per positive the user never had in training (label 0). The first epoch uses the dataset's own
 * prepared negatives when it has them; later epochs draw fresh ones from the seed, so the model sees more of
 * the unobserved space than one fixed sample.
 */
final class ClickSamples {
    private final TrainingData data;
    private final int negatives;
    private final long seed;

    ClickSamples(TrainingData data, int negatives, long seed) {
        this.data = data;
        this.negatives = negatives;
        this.seed = seed;
    }

    Session.Samples epoch(int epoch) {
        int positives = data.trainUsers.length;
        boolean prepared = epoch == 1 && data.negativeUsers.length > 0;
        int negativeCount = prepared ? data.negativeUsers.length : positives * negatives;
        long[] users = new long[positives + negativeCount];
        long[] items = new long[users.length];
        float[] labels = new float[users.length];
        for (int n = 0; n < positives; n++) {
            users[n] = data.trainUsers[n];
            items[n] = data.trainItems[n];
            labels[n] = 1f;
        }
        if (prepared) {
            for (int n = 0; n < negativeCount; n++) {
                users[positives + n] = data.negativeUsers[n];
                items[positives + n] = data.negativeItems[n];
            }
        } else {
            SplittableRandom random = new SplittableRandom(seed * 7_919L + epoch);
            int at = positives;
            for (int n = 0; n < positives; n++) {
                int user = data.trainUsers[n];
                if (data.train.count(user) >= data.numItems) {
                    continue; // a user who had every item has no negatives
                }
                for (int k = 0; k < negatives; k++) {
                    int item;
                    do {
                        item = random.nextInt(data.numItems);
                    } while (data.train.contains(user, item));
                    users[at] = user;
                    items[at++] = item;
                }
            }
            if (at < users.length) {
                users = java.util.Arrays.copyOf(users, at);
                items = java.util.Arrays.copyOf(items, at);
                labels = java.util.Arrays.copyOf(labels, at);
            }
        }
        return new Session.Samples(new long[][] {users, items}, labels);
    }
}
