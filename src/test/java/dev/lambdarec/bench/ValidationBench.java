package dev.lambdarec.bench;

import dev.lambdarec.eval.Evaluator;
import dev.lambdarec.model.Scorer;
import dev.lambdarec.train.Algorithms;
import dev.lambdarec.train.Hyperparameters;
import dev.lambdarec.train.TrainedModel;
import dev.lambdarec.train.TrainingData;
import dev.lambdarec.train.TrainingLoop;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Choices made without the test split: {@code ValidationBench DATASET_DIR HOLDOUT_SEED "algorithm=ials alpha=8" ...}
 * cuts 25% of each user's training interactions off as a validation split and prints, per configuration, its
 * validation nDCG@10 after every epoch. A two-stage configuration is trained on the rest as the trainer would (it
 * cuts its own weight-choosing split from that, by {@code seed}) and prints the weights it chose and its nDCG@10 on
 * the held-out 25%, which it never saw: nested validation. Never prints a test-split metric.
 */
public final class ValidationBench {
    public static void main(String[] args) throws Exception {
        TrainingData training = TrainingData.load(Path.of(args[0]));
        TrainingData fit = training.validationSplit(0.25, 10_000, Long.parseLong(args[1]));
        for (int a = 2; a < args.length; a++) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String pair : args[a].trim().split("\\s+")) {
                String[] kv = pair.split("=", 2);
                values.put(kv[0], kv[1]);
            }
            String algorithm = values.get("algorithm");
            Hyperparameters hp = new Hyperparameters(values);
            if (algorithm.equals("two-stage")) {
                TrainedModel model = Algorithms.byName(algorithm).train(fit, hp, TrainingLoop.Validation.NONE);
                StringBuilder weights = new StringBuilder();
                model.metrics().forEach((key, value) -> {
                    if (key.startsWith("weight_") || key.startsWith("validation_ndcg@10")) {
                        weights.append(String.format(" %s %.4f", key, value));
                    }
                });
                System.out.printf("VALIDATION %s | held-out nDCG@10 %.4f |%s%n", args[a],
                        Evaluator.ranking(model.scorer(), fit.test, 10).get("ndcg@10"), weights);
                continue;
            }
            StringBuilder curve = new StringBuilder();
            TrainedModel model = Algorithms.byName(algorithm).train(fit, hp, new TrainingLoop.Validation() {
                @Override
                public String metric() {
                    return "ndcg@10";
                }

                @Override
                public double evaluate(Scorer scorer) {
                    double ndcg = Evaluator.ranking(scorer, fit.test, 10).get("ndcg@10");
                    curve.append(String.format(" %.4f", ndcg));
                    return ndcg;
                }

                @Override
                public int every() {
                    return 1;
                }
            });
            if (curve.isEmpty()) {
                // closed-form models have no epochs
                curve.append(String.format(" %.4f", Evaluator.ranking(model.scorer(), fit.test, 10).get("ndcg@10")));
            }
            System.out.printf("VALIDATION %s | nDCG@10 by epoch%s%n", args[a], curve);
        }
    }
}
