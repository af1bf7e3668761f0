package dev.lambdarec.register;

import dev.lambdarec.model.ModelArtifacts;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.StoreLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code models/index.html}: the registry at a glance, written anew at every decision. One row per model (algorithm,
 * dataset, when, the gate metric and the champion's on the same split, every ranking metric at 10, training seconds,
 * decision and reason, its report), the current model marked; a chart of the current model's metric over its
 * promotions and one of every candidate beside the champion it was measured against. Inline SVG and CSS only: the
 * page loads nothing from elsewhere.
 */
public final class RegistryPage {
    /** Models listed at most (the most recent): the page stays a page. */
    static final int MAX_MODELS = 500;
    private static final Pattern CARD = Pattern.compile("models/([A-Za-z0-9._-]+)/model\\.json");
    private static final String[] AT_10 = {"precision@10", "recall@10", "ndcg@10", "map@10", "hit_rate@10", "mrr@10", "coverage@10"};

    private RegistryPage() {
    }

    /** One model and what register decided about it (null: not registered yet). */
    record Row(ModelCard card, Registrar.Decision decision) {
    }

    public static void write(ObjectStore store, String metric, String currentId) {
        List<Row> rows = new ArrayList<>();
        for (String key : store.list(StoreLayout.MODELS)) {
            Matcher card = CARD.matcher(key);
            if (card.matches()) {
                read(store, key, ModelCard.class).ifPresent(c -> rows.add(new Row(c,
                        read(store, StoreLayout.modelFile(card.group(1), "decision.json"), Registrar.Decision.class).orElse(null))));
            }
        }
        rows.sort(Comparator.comparing((Row r) -> r.card().created()).reversed());
        List<Row> shown = rows.subList(0, Math.min(rows.size(), MAX_MODELS));
        store.put(StoreLayout.INDEX_PAGE, html(shown, rows.size(), metric, currentId).getBytes(StandardCharsets.UTF_8), "text/html");
    }

    private static <T> Optional<T> read(ObjectStore store, String key, Class<T> type) {
        try {
            return store.read(key, Registrar.MAX_CARD_BYTES).map(v -> {
                try {
                    return ModelArtifacts.JSON.readValue(v.bytes(), type);
                } catch (java.io.IOException e) {
                    return null;
                }
            });
        } catch (RuntimeException e) {
            return Optional.empty(); // a file that cannot be read is left off the page, never a reason to fail register
        }
    }

    static String html(List<Row> rows, int total, String metric, String currentId) {
        StringBuilder out = new StringBuilder(8192 + rows.size() * 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>lambdarec models</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;font-size:13px}")
                .append("th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:right;vertical-align:top}")
                .append("th{background:#f4f4f4}td.l,th.l{text-align:left}tr.current{background:#fff7d6;font-weight:600}")
                .append(".promoted{color:#2ca02c}.kept-out{color:#888}.rejected-corrupt,.rejected-conflict,.job-failed{color:#d62728}")
                .append("figure{display:inline-block;margin:0 24px 24px 0}</style></head><body>\n");
        out.append("<h1>lambdarec models</h1>\n<p>").append(total).append(" model").append(total == 1 ? "" : "s")
                .append(total > rows.size() ? " (the " + rows.size() + " most recent shown)" : "")
                .append("; the gate compares <b>").append(escape(metric)).append("</b> on the same test split. Current model: <b>")
                .append(currentId == null ? "none" : escape(currentId)).append("</b>.</p>\n");
        out.append("<figure><figcaption>the current model's ").append(escape(metric)).append(" at each promotion (each on the split it was compared on)</figcaption>")
                .append(championChart(rows, metric)).append("</figure>\n");
        out.append("<figure><figcaption>each candidate's ").append(escape(metric))
                .append(" (blue) beside the champion's (orange), measured on the candidate's split</figcaption>").append(candidateChart(rows, metric)).append("</figure>\n");
        out.append("<table id=\"models\"><thead><tr><th class=\"l\">model</th><th class=\"l\">algorithm</th><th class=\"l\">dataset</th>")
                .append("<th class=\"l\">created</th><th>").append(escape(metric)).append("</th><th>champion on this split</th>");
        for (String name : AT_10) {
            out.append("<th>").append(name).append("</th>");
        }
        out.append("<th>train s</th><th class=\"l\">decision</th><th class=\"l\">report</th></tr></thead><tbody>\n");
        for (Row row : rows) {
            ModelCard card = row.card();
            boolean current = card.modelId().equals(currentId);
            out.append("<tr class=\"model").append(current ? " current" : "").append("\" data-model=\"").append(escape(card.modelId()))
                    .append("\"><td class=\"l\">").append(current ? "&#9733; " : "").append(escape(card.modelId()))
                    .append("</td><td class=\"l\">").append(escape(card.algorithm())).append("</td><td class=\"l\">")
                    .append(escape(card.datasetId())).append("</td><td class=\"l\">").append(escape(card.created()))
                    .append("</td><td>").append(number(card.metrics().get(metric))).append("</td><td>")
                    .append(card.champion() == null ? "-" : card.champion().error() != null ? "failed"
                            : number(card.champion().metrics().get(metric)) + " (" + escape(card.champion().modelId()) + ")")
                    .append("</td>");
            for (String name : AT_10) {
                out.append("<td>").append(number(card.metrics().get(name))).append("</td>");
            }
            Registrar.Decision decision = row.decision();
            out.append("<td>").append(number(card.timingsSeconds().get("train"))).append("</td><td class=\"l\">")
                    .append(decision == null ? "not registered" : "<span class=\"" + escape(decision.outcome()) + "\">"
                            + escape(decision.outcome()) + "</span> " + escape(decision.decidedAt()) + "<br>" + escape(decision.reason()))
                    .append("</td><td class=\"l\"><a href=\"").append(escape(card.modelId())).append("/report.html\">report</a></td></tr>\n");
        }
        return out.append("</tbody></table>\n</body></html>\n").toString();
    }

    private static final int W = 520;
    private static final int H = 220;
    private static final int PAD = 40;

    /** The current model's metric over its promotions, in time order (a step line). */
    private static String championChart(List<Row> rows, String metric) {
        List<Row> promoted = rows.stream().filter(r -> r.decision() != null && r.decision().outcome().equals("promoted")
                && r.decision().value() != null).sorted(Comparator.comparing(r -> r.decision().decidedAt())).toList();
        StringBuilder svg = frame(promoted.isEmpty() ? "no promotion yet" : null);
        if (promoted.isEmpty()) {
            return svg.append("</svg>").toString();
        }
        double max = promoted.stream().mapToDouble(r -> r.decision().value()).max().orElse(1);
        StringBuilder points = new StringBuilder();
        for (int n = 0; n < promoted.size(); n++) {
            double x = x(n, promoted.size());
            double y = y(promoted.get(n).decision().value(), max);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#1f77b4\"><title>%s %s</title></circle>",
                    x, y, escape(promoted.get(n).card().modelId()), number(promoted.get(n).decision().value())));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>", x, H - PAD + 14,
                    escape(promoted.get(n).decision().decidedAt().substring(0, Math.min(10, promoted.get(n).decision().decidedAt().length())))));
        }
        svg.append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"").append(points).append("\"/>");
        return axis(svg, max).append("</svg>").toString();
    }

    /** Each candidate's metric (blue) beside its champion's on the same split (orange), oldest first. */
    private static String candidateChart(List<Row> rows, String metric) {
        List<Row> candidates = rows.stream().filter(r -> r.card().metrics().get(metric) != null)
                .sorted(Comparator.comparing(r -> r.card().created())).toList();
        StringBuilder svg = frame(candidates.isEmpty() ? "no model yet" : null);
        if (candidates.isEmpty()) {
            return svg.append("</svg>").toString();
        }
        double max = 0;
        for (Row r : candidates) {
            max = Math.max(max, r.card().metrics().get(metric));
            Double champion = championValue(r.card(), metric);
            max = Math.max(max, champion == null ? 0 : champion);
        }
        double slot = (W - 2.0 * PAD) / candidates.size();
        double bar = Math.max(1, slot * 0.4);
        for (int n = 0; n < candidates.size(); n++) {
            ModelCard card = candidates.get(n).card();
            double left = PAD + n * slot + slot * 0.1;
            svg.append(bar(left, bar, card.metrics().get(metric), max, "#1f77b4", card.modelId()));
            Double champion = championValue(card, metric);
            if (champion != null) {
                svg.append(bar(left + bar, bar, champion, max, "#ff7f0e", "champion " + card.champion().modelId()));
            }
        }
        return axis(svg, max == 0 ? 1 : max).append("</svg>").toString();
    }

    private static Double championValue(ModelCard card, String metric) {
        return card.champion() == null || card.champion().error() != null ? null : card.champion().metrics().get(metric);
    }

    private static String bar(double left, double width, double value, double max, String color, String title) {
        double top = y(value, max == 0 ? 1 : max);
        return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s</title></rect>",
                left, top, width, H - PAD - top, color, escape(title), number(value));
    }

    private static StringBuilder frame(String empty) {
        StringBuilder svg = new StringBuilder().append("<svg width=\"").append(W)
                .append("\" height=\"").append(H).append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\">");
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", PAD, H - PAD, W - PAD, H - PAD));
        if (empty != null) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#888\">%s</text>", W / 2, H / 2, empty));
        }
        return svg;
    }

    private static StringBuilder axis(StringBuilder svg, double max) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", PAD, PAD / 2, PAD, H - PAD));
        for (double f : new double[] {0, 0.5, 1}) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>", PAD - 4,
                    y(f * max, max) + 3, number(f * max)));
        }
        return svg;
    }

    private static double x(int n, int count) {
        return count == 1 ? W / 2.0 : PAD + 10 + n * (W - 2.0 * PAD - 20) / (count - 1);
    }

    private static double y(double value, double max) {
        return H - PAD - (H - 1.5 * PAD) * (max <= 0 ? 0 : value / max);
    }

    private static String number(Double value) {
        return value == null ? "-" : value.isNaN() ? "NaN" : String.format(Locale.ROOT, "%.4f", value);
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
