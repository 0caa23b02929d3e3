package lowbit.train;

import java.util.List;
import java.util.Locale;

/**
 * The learning rate as a pure function of the fractional epoch t, so that a resumed run continues it
 * exactly: constant; step (multiplied by gamma at each milestone epoch); cosine from base to min over
 * the run's epochs (per step).
 */
public record LrSchedule(Kind kind, double base, List<Integer> milestones, double gamma, int epochs, double min) {

    public enum Kind { CONSTANT, STEP, COSINE }

    public LrSchedule {
        milestones = List.copyOf(milestones);
        if (!(base > 0) || Double.isInfinite(base)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + base);
        }
        // epochs = 0 (a model evaluated as it is, lowbit.train.init) never asks for a rate
        if (kind == Kind.COSINE && epochs < 0) {
            throw new IllegalArgumentException("a cosine schedule needs epochs >= 0");
        }
    }

    public static Kind kind(String name) {
        return Kind.valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case CONSTANT -> "constant " + base;
            case STEP -> base + " x" + gamma + " at epochs " + milestones;
            case COSINE -> "cosine " + base + " to " + min + " over " + epochs + " epochs";
        };
    }

    public double at(double epoch) {
        return switch (kind) {
            case CONSTANT -> base;
            case STEP -> base * Math.pow(gamma, milestones.stream().filter(m -> epoch >= m).count());
            case COSINE -> min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, epoch / epochs)));
        };
    }
}
