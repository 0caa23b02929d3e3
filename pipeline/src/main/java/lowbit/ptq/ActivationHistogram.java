package lowbit.ptq;

/**
 * Counts of one tensor's values in equal bins over its calibrated [min, max]: what percentile and MSE range
 * calibration choose a clip range from without keeping every value.
 */
public final class ActivationHistogram {
    public static final int DEFAULT_BINS = 2048;

    private final double min;
    private final double width;
    private final long[] counts;
    private long total;

    public ActivationHistogram(double min, double max, int bins) {
        if (!(min <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("need a finite range min <= max, got [" + min + ", " + max + "]");
        }
        if (bins < 1) throw new IllegalArgumentException("need at least one bin, got " + bins);
        this.min = min;
        this.width = max > min ? (max - min) / bins : 1.0;
        this.counts = new long[bins];
    }

    public void add(float[] values) {
        int last = counts.length - 1;
        for (float v : values) {
            int b = (int) ((v - min) / width);
            counts[b < 0 ? 0 : Math.min(b, last)]++;
        }
        total += values.length;
    }

    public long total() {
        return total;
    }

    /** The value below which a fraction {@code q} of the values lie, interpolated linearly inside its bin. */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        requireValues();
        double target = q * total;
        long below = 0;
        for (int b = 0; b < counts.length; b++) {
            if (below + counts[b] >= target && counts[b] > 0) {
                return lowerEdge(b) + width * Math.max(0, target - below) / counts[b];
            }
            below += counts[b];
        }
        return lowerEdge(counts.length);
    }

    /**
     * The clip range [lo, hi] (lo <= 0 <= hi, at bin edges) whose asymmetric b-bit grid has the least expected squared
     * error: values inside contribute the uniform rounding noise step^2 / 12, values outside their distance to the
     * nearer end squared (bin centers).
     */
    public double[] mseRange(int bits) {
        requireValues();
        int n = counts.length;
        double[] c = new double[n + 1];
        double[] cx = new double[n + 1];
        double[] cxx = new double[n + 1];
        for (int b = 0; b < n; b++) {
            double x = lowerEdge(b) + width / 2;
            c[b + 1] = c[b] + counts[b];
            cx[b + 1] = cx[b] + counts[b] * x;
            cxx[b + 1] = cxx[b] + counts[b] * x * x;
        }
        int zero = Math.max(0, Math.min(n, (int) Math.ceil(-min / width)));
        int levels = (1 << bits) - 1;
        int stride = Math.max(1, Math.max(zero, n - zero) / 512);
        double best = Double.POSITIVE_INFINITY;
        double[] range = {Math.min(0, lowerEdge(0)), Math.max(0, lowerEdge(n))};
        for (int lo = zero; lo >= 0; lo = next(lo, -stride, 0)) {
            double loValue = Math.min(0, lowerEdge(lo));
            double belowError = c[lo] * loValue * loValue - 2 * loValue * cx[lo] + cxx[lo];
            for (int hi = zero; hi <= n; hi = next(hi, stride, n)) {
                double hiValue = Math.max(0, lowerEdge(hi));
                double step = (hiValue - loValue) / levels;
                double aboveCount = c[n] - c[hi];
                double aboveError = (cxx[n] - cxx[hi]) - 2 * hiValue * (cx[n] - cx[hi]) + aboveCount * hiValue * hiValue;
                double inside = c[hi] - c[lo];
                double error = belowError + aboveError + inside * step * step / 12;
                if (error < best) {
                    best = error;
                    range = new double[] {loValue, hiValue};
                }
                if (hi == n) break;
            }
            if (lo == 0) break;
        }
        return range;
    }

    private static int next(int i, int delta, int bound) {
        int j = i + delta;
        return delta < 0 ? Math.max(j, bound) : Math.min(j, bound);
    }

    private double lowerEdge(int bin) {
        return min + bin * width;
    }

    private void requireValues() {
        if (total == 0) throw new IllegalStateException("the histogram holds no values");
    }
}
