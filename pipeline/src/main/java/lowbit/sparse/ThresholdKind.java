package lowbit.sparse;

import lowbit.tensor.ChannelLayout;

/** The RVSM / RGSM thresholding operators by name, for configuration files. */
public enum ThresholdKind {
    L0, L1, TRANSFORMED_L1, GROUP_L0, GROUP_L1;

    public boolean grouped() {
        return this == GROUP_L0 || this == GROUP_L1;
    }

    /**
     * @param a the transformed-l1 parameter, ignored by the others
     * @param groups the groups of GROUP_L0 / GROUP_L1, ignored (may be null) by the elementwise ones
     */
    public TensorProx create(double lambda, double beta, double a, ChannelLayout groups) {
        if (grouped() && groups == null) {
            throw new IllegalArgumentException(this + " needs a group layout");
        }
        return switch (this) {
            case L0 -> new HardThreshold(lambda, beta);
            case L1 -> new SoftThreshold(lambda, beta);
            case TRANSFORMED_L1 -> new TransformedL1Threshold(lambda, beta, a);
            case GROUP_L0 -> new GroupHardThreshold(lambda, beta, groups);
            case GROUP_L1 -> new GroupSoftThreshold(lambda, beta, groups);
        };
    }
}
