package dev.lambdarec.data;

/** The declared rating range; {@code step > 0} also requires ratings on that grid (MovieLens 100K: whole stars). */
public record RatingScale(double min, double max, double step) {
    public static final RatingScale ANY = new RatingScale(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0);

    public RatingScale {
        if (!(min <= max)) {
            throw new IllegalArgumentException("rating range min " + min + " is above max " + max);
        }
        if (step < 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("rating step must be >= 0, was " + step);
        }
    }

    public boolean contains(double rating) {
        return rating >= min && rating <= max;
    }

    public boolean onGrid(double rating) {
        if (step == 0) {
            return true;
        }
        double steps = (rating - min) / step;
        return Math.abs(steps - Math.rint(steps)) < 1e-6;
    }

    public boolean bounded() {
        return !Double.isInfinite(min) || !Double.isInfinite(max);
    }

    @Override
    public String toString() {
        return "[" + fmt(min) + ", " + fmt(max) + "]" + (step > 0 ? " step " + fmt(step) : "");
    }

    static String fmt(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
