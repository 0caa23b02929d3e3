package lowbit.eval;

/** The Wilson score interval of a binomial proportion (better than the normal approximation near 0 and 1). */
public record WilsonInterval(double low, double high) {
    private static final double Z95 = 1.959963984540054;

    /** The 95 % interval of an accuracy {@code p} measured on {@code n} images. */
    public static WilsonInterval of95(double p, double n) {
        if (n <= 0 || p < 0 || p > 1) {
            throw new IllegalArgumentException("a proportion in [0, 1] over n > 0 trials, not p=" + p + " n=" + n);
        }
        double z2 = Z95 * Z95;
        double center = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new WilsonInterval(Math.max(0, center - half), Math.min(1, center + half));
    }
}
