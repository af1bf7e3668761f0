package dev.lambdarec.train;

import dev.lambdarec.model.ModelCard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** report.html: the model's card, its metrics, the training curve and metrics at k = 1..20, as inline SVG. */
final class Report {
    private Report() {
    }

    static void write(Path file, ModelCard card, Map<String, Double> allMetrics, int maxK) throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(SvgChart.escape(card.modelId())).append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1200px}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
                        + "th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}</style></head><body>\n");
        html.append("<h1>").append(SvgChart.escape(card.modelId())).append("</h1>\n<p>algorithm <b>")
                .append(SvgChart.escape(card.algorithm())).append("</b> on dataset <b>").append(SvgChart.escape(card.datasetId()))
                .append("</b> (").append(card.numUsers()).append(" users, ").append(card.numItems()).append(" items), created ")
                .append(SvgChart.escape(card.created())).append("</p>\n");
        html.append("<h2>Hyperparameters</h2>\n").append(table(card.hyperparameters()));
        html.append("<h2>Metrics</h2>\n").append(table(card.metrics()));
        html.append("<h2>Timings (s)</h2>\n").append(table(card.timingsSeconds()));

        if (card.tuning() != null) {
            for (ModelCard.Search search : card.tuning()) {
                html.append(tuning(search));
            }
        }
        SvgChart loss = new SvgChart("training loss", "epoch");
        SvgChart validation = new SvgChart("validation", "epoch");
        for (ModelCard.Epoch epoch : card.curve()) {
            loss.add("loss", epoch.epoch(), epoch.loss());
            if (epoch.validation() != null) {
                validation.add("validation", epoch.epoch(), epoch.validation());
            }
        }
        if (!loss.isEmpty()) {
            html.append("<h2>Training curve</h2>\n").append(loss.render());
            if (!validation.isEmpty()) {
                html.append(validation.render());
            }
        }
        SvgChart atK = new SvgChart("ranking metrics at k (test users, training items removed)", "k");
        for (int k = 1; k <= maxK; k++) {
            for (String metric : new String[] {"precision", "recall", "ndcg", "map", "hit_rate", "mrr"}) {
                Double value = allMetrics.get(metric + "@" + k);
                if (value != null) {
                    atK.add(metric, k, value);
                }
            }
        }
        if (!atK.isEmpty()) {
            html.append("<h2>Metrics at k = 1..").append(maxK).append("</h2>\n").append(atK.render());
        }
        html.append("</body></html>\n");
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    /** A search's trials as a chart (each trial's validation metric, and the best so far) and a table. */
    private static String tuning(ModelCard.Search search) {
        String who = (search.role() == null ? "" : search.role() + " ") + search.algorithm();
        SvgChart chart = new SvgChart("tune=auto, " + who + ": validation " + search.metric() + " per trial", "trial");
        double best = Double.NEGATIVE_INFINITY;
        for (ModelCard.Trial trial : search.trials()) {
            best = Math.max(best, trial.validation());
            chart.add("trial", trial.trial() + 1, trial.validation());
            chart.add("best so far", trial.trial() + 1, best);
        }
        StringBuilder out = new StringBuilder("<h2>Tuning: ").append(SvgChart.escape(who)).append("</h2>\n<p>")
                .append(SvgChart.escape(search.method())).append("; seed ").append(search.seed()).append(", ")
                .append(search.validationInteractions()).append(" held-out training interactions (never the test split), ")
                .append(search.trials().size()).append(" of at most ").append(search.budgetTrials()).append(" trials in ")
                .append(String.format(Locale.ROOT, "%.1f", search.seconds())).append(" s; chosen: trial ")
                .append(search.chosen() + 1).append(", trained on all training interactions.</p>\n").append(chart.render())
                .append("<table><tr><th>trial</th><th>setting</th><th>validation ").append(SvgChart.escape(search.metric()))
                .append("</th><th>seconds</th></tr>\n");
        for (ModelCard.Trial trial : search.trials()) {
            String mark = trial.trial() == search.chosen() ? " <b>(chosen)</b>" : "";
            out.append("<tr><td>").append(trial.trial() + 1).append(mark).append("</td><td>")
                    .append(SvgChart.escape(trial.setting().toString())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.4f", trial.validation())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", trial.seconds())).append("</td></tr>\n");
        }
        return out.append("</table>\n").toString();
    }

    private static String table(Map<String, ?> values) {
        StringBuilder out = new StringBuilder("<table><tr><th>name</th><th>value</th></tr>\n");
        values.forEach((name, value) -> out.append("<tr><td>").append(SvgChart.escape(name)).append("</td><td>")
                .append(value instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : SvgChart.escape(String.valueOf(value)))
                .append("</td></tr>\n"));
        return out.append("</table>\n").toString();
    }
}
