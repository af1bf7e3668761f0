package dev.lambdarec.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains one model on a prepared dataset directory through the trainer's SageMaker layout and prints its
 * metrics: {@code TrainBench DATASET_DIR algorithm=ease lambda=500 ...}. Used by scripts/bench-train.sh.
 */
public final class TrainBench {
    public static void main(String[] args) throws Exception {
        Path dataset = Path.of(args[0]).toAbsolutePath();
        Map<String, String> hp = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            hp.put(kv[0], kv[1]);
        }
        Path root = Files.createTempDirectory("train-bench");
        Files.createDirectories(root.resolve("input/config"));
        Files.createDirectories(root.resolve("input/data"));
        Files.createSymbolicLink(root.resolve("input/data/train"), dataset);
        Files.write(root.resolve("input/config/hyperparameters.json"), new ObjectMapper().writeValueAsBytes(hp));
        ModelCard card = new Trainer(root, Clock.systemUTC()).run();
        Map<String, Double> m = card.metrics();
        Double samples = m.getOrDefault("samples_per_second", m.get("ranker_samples_per_second"));
        System.out.printf("RESULT %s %s | P@10 %.4f R@10 %.4f nDCG@10 %.4f MAP %.4f | train %.2f s%s%s%n", card.algorithm(),
                hp, m.get("precision@10"), m.get("recall@10"), m.get("ndcg@10"), m.get("map@10"),
                card.timingsSeconds().get("train"), samples == null ? "" : String.format(" | %,.0f samples/s", samples),
                m.containsKey("rmse") ? String.format(" | RMSE %.4f MAE %.4f", m.get("rmse"), m.get("mae")) : "");
        if (card.tuning() != null) { // what the search chose, on validation only
            for (ModelCard.Search search : card.tuning()) {
                System.out.printf("TUNING %s%s: trial %d of %d chosen, %s | validation nDCG@10 %.4f (defaults %.4f) | %.1f s%n",
                        search.role() == null ? "" : search.role() + " ", search.algorithm(), search.chosen() + 1, search.trials().size(),
                        search.best().setting(), search.best().validation(), search.trials().get(0).validation(), search.seconds());
            }
            m.forEach((name, value) -> {
                if (name.contains("weight") || name.startsWith("served_alone") || name.startsWith("validation_ndcg@10")) {
                    System.out.printf("TUNING %s %.4f%n", name, value);
                }
            });
        }
    }
}
