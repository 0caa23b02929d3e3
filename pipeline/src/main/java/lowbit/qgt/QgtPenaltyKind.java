package lowbit.qgt;

import lowbit.quant.ScaleRule;

/** The QGT penalties by name, for configuration files. */
public enum QgtPenaltyKind {
    GRID_DISTANCE, SINE;

    public WeightPenalty create(int bits) {
        return create(bits, ScaleRule.MAX);
    }

    public WeightPenalty create(int bits, ScaleRule rule) {
        return this == GRID_DISTANCE ? new GridDistancePenalty(bits, rule) : new SineGridPenalty(bits, rule);
    }
}
