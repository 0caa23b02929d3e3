package lowbit.qgt;

/**
 * The QGT penalty weight as a pure function of (fractional) epoch t (docs/methods.md, QGT):
 * 0 during a float warm-up of W epochs, then
 * LINEAR: start + (end - start) min(1, (t - W) / rampEpochs), or
 * GEOMETRIC: min(end, start factor^(t - W)), or CONSTANT: end.
 */
public final class LambdaSchedule implements java.io.Serializable {

    public enum Ramp { CONSTANT, LINEAR, GEOMETRIC }

    private final Ramp ramp;
    private final double warmupEpochs;
    private final double start;
    private final double end;
    private final double rampEpochs;
    private final double factor;

    private LambdaSchedule(Ramp ramp, double warmupEpochs, double start, double end, double rampEpochs,
            double factor) {
        this.ramp = ramp;
        this.warmupEpochs = warmupEpochs;
        this.start = start;
        this.end = end;
        this.rampEpochs = rampEpochs;
        this.factor = factor;
    }

    /**
     * Every field at once, validated; {@code rampEpochs} is used by LINEAR only, {@code factor} by
     * GEOMETRIC only, {@code start} by both.
     */
    public static LambdaSchedule of(Ramp ramp, double warmupEpochs, double start, double end, double rampEpochs,
            double factor) {
        if (ramp == null) {
            throw new IllegalArgumentException("ramp must not be null");
        }
        requireNonNegative(warmupEpochs, "warm-up epochs");
        requireNonNegative(start, "start lambda");
        requireNonNegative(end, "end lambda");
        requireNonNegative(rampEpochs, "ramp epochs");
        if (ramp == Ramp.GEOMETRIC && !(factor >= 1 && Double.isFinite(factor))) {
            throw new IllegalArgumentException("geometric growth factor must be finite and >= 1, got " + factor);
        }
        return new LambdaSchedule(ramp, warmupEpochs, start, end, rampEpochs, factor);
    }

    public static LambdaSchedule constant(double lambda) {
        return of(Ramp.CONSTANT, 0, lambda, lambda, 0, 1);
    }

    public static LambdaSchedule linear(double warmupEpochs, double start, double end, double rampEpochs) {
        return of(Ramp.LINEAR, warmupEpochs, start, end, rampEpochs, 1);
    }

    /** start factor^(t - W) after the warm-up, capped at {@code max}. */
    public static LambdaSchedule geometric(double warmupEpochs, double start, double factor, double max) {
        return of(Ramp.GEOMETRIC, warmupEpochs, start, max, 0, factor);
    }

    public double at(double epoch) {
        if (ramp == Ramp.CONSTANT) {
            return end;
        }
        if (epoch < warmupEpochs) {
            return 0.0;
        }
        double since = epoch - warmupEpochs;
        if (ramp == Ramp.LINEAR) {
            double progress = rampEpochs == 0 ? 1.0 : Math.min(1.0, since / rampEpochs);
            return start + (end - start) * progress;
        }
        return Math.min(end, start * Math.pow(factor, since));
    }

    /** At fractional epoch iteration / iterationsPerEpoch. */
    public double at(long iteration, long iterationsPerEpoch) {
        if (iterationsPerEpoch <= 0) {
            throw new IllegalArgumentException("iterations per epoch must be > 0, got " + iterationsPerEpoch);
        }
        return at((double) iteration / iterationsPerEpoch);
    }

    public Ramp ramp() {
        return ramp;
    }

    public double warmupEpochs() {
        return warmupEpochs;
    }

    public double start() {
        return start;
    }

    public double end() {
        return end;
    }

    public double rampEpochs() {
        return rampEpochs;
    }

    public double factor() {
        return factor;
    }

    private static void requireNonNegative(double value, String what) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be finite and >= 0, got " + value);
        }
    }
}
