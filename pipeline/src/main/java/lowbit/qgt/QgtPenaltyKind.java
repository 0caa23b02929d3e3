package lowbit.qgt;

/** The QGT penalties by name, for configuration files. */
public enum QgtPenaltyKind {
    GRID_DISTANCE, SINE;

    public WeightPenalty create(int bits) {
        return this == GRID_DISTANCE ? new GridDistancePenalty(bits) : new SineGridPenalty(bits);
    }
}
