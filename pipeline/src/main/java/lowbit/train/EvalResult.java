package lowbit.train;

import java.io.Serializable;

/** Accuracy (fraction), mean cross-entropy and per-class accuracy (NaN for absent classes) on one split. */
public record EvalResult(String split, long examples, double accuracy, double loss, double[] perClassAccuracy)
        implements Serializable {
}
