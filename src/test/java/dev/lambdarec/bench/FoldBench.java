package dev.lambdarec.bench;

import dev.lambdarec.eval.Evaluator;
import dev.lambdarec.model.UserItems;
import dev.lambdarec.train.Algorithm;
import dev.lambdarec.train.Algorithms;
import dev.lambdarec.train.Hyperparameters;
import dev.lambdarec.train.TrainedModel;
import dev.lambdarec.train.TrainingData;
import dev.lambdarec.train.TrainingLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rating error on MovieLens 100K's own five folds (u1.base/u1.test .. u5): trains a rating model on each base
 * and reports RMSE and MAE on its test, and their mean. The folds are cut from u.data exactly as the
 * distribution's mku.sh cuts them (fold i tests lines (i-1)*20000+1 .. i*20000 of the randomly ordered
 * u.data and trains on the rest), so only u.data is needed. {@code FoldBench ML100K_DIR algorithm=mf k=v ...}
 */
public final class FoldBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Map<String, String> hp = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            hp.put(kv[0], kv[1]);
        }
        Algorithm algorithm = Algorithms.byName(hp.remove("algorithm"));
        Map<String, Integer> users = new HashMap<>();
        Map<String, Integer> items = new HashMap<>();
        List<String> lines = Files.readAllLines(dir.resolve("u.data"));
        for (String line : lines) {
            String[] f = line.split("\t");
            users.putIfAbsent(f[0], users.size());
            items.putIfAbsent(f[1], items.size());
        }
        int block = lines.size() / 5;
        dev.lambdarec.train.SideFeatures side = side(dir, users, items);
        double rmse = 0;
        double mae = 0;
        double seconds = 0;
        for (int fold = 1; fold <= 5; fold++) {
            List<String> testLines = lines.subList((fold - 1) * block, fold * block);
            List<String> baseLines = new ArrayList<>(lines.subList(0, (fold - 1) * block));
            baseLines.addAll(lines.subList(fold * block, lines.size()));
            Rows base = Rows.of(baseLines, users, items);
            Rows test = Rows.of(testLines, users, items);
            TrainingData data = new TrainingData("ml-100k-u" + fold, users.size(), items.size(), base.u, base.i, base.r, null,
                    new int[0], new int[0], test.u, test.i, test.r, UserItems.of(users.size(), new int[0], new int[0], null),
                    side);
            long started = System.nanoTime();
            TrainedModel model = algorithm.train(data, new Hyperparameters(hp), TrainingLoop.Validation.NONE);
            seconds += (System.nanoTime() - started) / 1e9;
            Map<String, Double> m = Evaluator.rating(model.scorer(), test.u, test.i, test.r);
            System.out.printf("u%d: rmse %.4f mae %.4f%n", fold, m.get("rmse"), m.get("mae"));
            rmse += m.get("rmse") / 5;
            mae += m.get("mae") / 5;
        }
        System.out.printf("RESULT %s %s u1..u5 mean: RMSE %.4f MAE %.4f, train %.2f s per fold%n", algorithm.name(), hp, rmse, mae, seconds / 5);
    }

    /** Genres and demographics from u.item and u.user, by this bench's indices. */
    private static dev.lambdarec.train.SideFeatures side(Path dir, Map<String, Integer> users, Map<String, Integer> items) throws Exception {
        dev.lambdarec.train.SideFeatures side = dev.lambdarec.train.SideFeatures.none(users.size(), items.size());
        String[] genres = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary",
            "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"};
        for (String line : Files.readAllLines(dir.resolve("u.item"), java.nio.charset.StandardCharsets.ISO_8859_1)) {
            String[] f = line.split("\\|", -1);
            Integer index = items.get(f[0]);
            for (int g = 1; index != null && g < genres.length; g++) {
                if (f[5 + g].equals("1")) {
                    side.items().get(index).add("genre=" + genres[g]);
                }
            }
        }
        for (String line : Files.readAllLines(dir.resolve("u.user"))) {
            String[] f = line.split("\\|");
            Integer index = users.get(f[0]);
            if (index != null) {
                side.users().get(index).addAll(List.of("age=" + Integer.parseInt(f[1]) / 10 * 10 + "s", "gender=" + f[2].toLowerCase(), "occupation=" + f[3]));
            }
        }
        return side;
    }

    private record Rows(int[] u, int[] i, float[] r) {
        static Rows of(List<String> lines, Map<String, Integer> users, Map<String, Integer> items) {
            int[] u = new int[lines.size()];
            int[] i = new int[lines.size()];
            float[] r = new float[lines.size()];
            for (int n = 0; n < lines.size(); n++) {
                String[] f = lines.get(n).split("\t");
                u[n] = users.get(f[0]);
                i[n] = items.get(f[1]);
                r[n] = Float.parseFloat(f[2]);
            }
            return new Rows(u, i, r);
        }
    }
}
