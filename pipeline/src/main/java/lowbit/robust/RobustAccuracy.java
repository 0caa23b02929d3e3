package lowbit.robust;

import java.io.Serializable;

/** Mergeable counts of examples classified correctly after an FGSM and after an IFGSM attack. */
public record RobustAccuracy(long examples, long fgsmCorrect, long ifgsmCorrect) implements Serializable {
    public static final RobustAccuracy NONE = new RobustAccuracy(0, 0, 0);

    public RobustAccuracy merge(RobustAccuracy other) {
        return new RobustAccuracy(examples + other.examples, fgsmCorrect + other.fgsmCorrect, ifgsmCorrect + other.ifgsmCorrect);
    }

    /** Fraction correct under FGSM; NaN without examples. */
    public double fgsm() {
        return examples == 0 ? Double.NaN : (double) fgsmCorrect / examples;
    }

    /** Fraction correct under IFGSM; NaN without examples. */
    public double ifgsm() {
        return examples == 0 ? Double.NaN : (double) ifgsmCorrect / examples;
    }
}
