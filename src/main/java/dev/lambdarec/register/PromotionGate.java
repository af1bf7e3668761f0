package dev.lambdarec.register;

/**
 * When a newly trained model may replace the current one: its primary metric must be at least as good as the
 * current model's, by a margin (lower-is-better metrics such as rmse and mae are compared the other way).
 */
public record PromotionGate(String metric, double margin) {

    public boolean lowerIsBetter() {
        return metric.equals("rmse") || metric.equals("mae");
    }

    /** True when {@code candidate} passes against {@code current} (no current model: always). */
    public boolean passes(Double candidate, Double current) {
        if (candidate == null || candidate.isNaN()) {
            return false;
        }
        if (current == null || current.isNaN()) {
            return true;
        }
        return lowerIsBetter() ? candidate <= current - margin : candidate >= current + margin;
    }
}
