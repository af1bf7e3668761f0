package dev.lambdarec.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A small self-contained SVG line chart (no dependencies), for the training report. */
final class SvgChart {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"};
    private static final int WIDTH = 560;
    private static final int HEIGHT = 300;
    private static final int LEFT = 60;
    private static final int RIGHT = 130;
    private static final int TOP = 30;
    private static final int BOTTOM = 40;

    private final String title;
    private final String xLabel;
    private final Map<String, List<double[]>> series = new LinkedHashMap<>();

    SvgChart(String title, String xLabel) {
        this.title = title;
        this.xLabel = xLabel;
    }

    SvgChart add(String name, double x, double y) {
        if (Double.isFinite(y)) {
            series.computeIfAbsent(name, n -> new ArrayList<>()).add(new double[] {x, y});
        }
        return this;
    }

    boolean isEmpty() {
        return series.isEmpty();
    }

    String render() {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (List<double[]> points : series.values()) {
            for (double[] p : points) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                minY = Math.min(minY, p[1]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        if (minY > 0 && minY < (maxY - minY)) {
            minY = 0;
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        if (maxY == minY) {
            maxY = minY + 1;
        }
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\" font-weight=\"bold\">%s</text>%n", LEFT, escape(title)));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#999\"/>%n", LEFT, TOP, plotW, plotH));
        for (int t = 0; t <= 4; t++) {
            double value = minY + (maxY - minY) * t / 4;
            double y = TOP + plotH - plotH * t / 4;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, LEFT + plotW, y, y, LEFT - 4, y + 4, number(value)));
            double xValue = minX + (maxX - minX) * t / 4;
            double x = LEFT + plotW * t / 4;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n", x, TOP + plotH + 14, number(xValue)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", LEFT + plotW / 2, HEIGHT - 6, escape(xLabel)));
        int index = 0;
        for (Map.Entry<String, List<double[]>> entry : series.entrySet()) {
            String color = COLORS[index % COLORS.length];
            StringBuilder path = new StringBuilder();
            for (double[] p : entry.getValue()) {
                double x = LEFT + plotW * (p[0] - minX) / (maxX - minX);
                double y = TOP + plotH - plotH * (p[1] - minY) / (maxY - minY);
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"%s\"/>", x, y, color));
            }
            svg.append(String.format(Locale.ROOT, "%n<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>%n", path, color));
            double ly = TOP + 12 + 16 * index;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", LEFT + plotW + 8, LEFT + plotW + 24, ly, ly, color, LEFT + plotW + 28, ly + 4, escape(entry.getKey())));
            index++;
        }
        return svg.append("</svg>\n").toString();
    }

    private static String number(double value) {
        double magnitude = Math.abs(value);
        return magnitude != 0 && (magnitude < 0.01 || magnitude >= 100_000)
                ? String.format(Locale.ROOT, "%.2e", value) : String.format(Locale.ROOT, "%.3g", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
