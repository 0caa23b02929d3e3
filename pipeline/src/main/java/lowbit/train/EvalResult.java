package lowbit.train;

import lowbit.robust.RobustAccuracy;

import java.io.Serializable;

/**
 * Accuracy (fraction), mean cross-entropy and per-class accuracy (NaN for absent classes) on one split, and
 * the accuracy under FGSM and IFGSM attacks on its first images when robust evaluation is on (else null).
 */
public record EvalResult(String split, long examples, double accuracy, double loss, double[] perClassAccuracy,
                         RobustAccuracy robust) implements Serializable {

    public EvalResult(String split, long examples, double accuracy, double loss, double[] perClassAccuracy) {
        this(split, examples, accuracy, loss, perClassAccuracy, null);
    }

    public EvalResult withRobust(RobustAccuracy robust) {
        return new EvalResult(split, examples, accuracy, loss, perClassAccuracy, robust);
    }
}
