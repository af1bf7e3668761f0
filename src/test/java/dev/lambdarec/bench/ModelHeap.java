package dev.lambdarec.bench;

import dev.lambdarec.model.ServingModel;

/**
 * Heap a served factor model takes: USERS x ITEMS x FACTORS with 20 seen items per user, including the id maps
 * and popularity. {@code ModelHeap 1000000 100000 64}
 */
public final class ModelHeap {
    public static void main(String[] args) throws Exception {
        int users = Integer.parseInt(args[0]);
        int items = Integer.parseInt(args[1]);
        int factors = Integer.parseInt(args[2]);
        long before = used();
        ServingModel model = PredictBenchmark.model(users, items, factors, 1, 20);
        long after = used();
        System.out.printf("model %,d users x %,d items x %d factors (20 seen items per user): %,d MB of heap (float weights alone: %,d MB)%n",
                users, items, factors, (after - before) >> 20, ((long) (users + items) * factors * 4) >> 20);
        if (model.numUsers() != users) {
            throw new IllegalStateException();
        }
    }

    private static long used() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
