package lowbit.model;

/**
 * What every zoo builder needs: the seed for weight initialization (and noise), the NCHW input shape
 * of one example, the number of classes, whether to compute in double (for gradient checks), and the
 * hidden layers' nonlinearity.
 */
public record ModelSpec(long seed, int channels, int height, int width, int classes, boolean doublePrecision,
                        HiddenActivation activation) {

    public ModelSpec {
        if (channels <= 0 || height <= 0 || width <= 0 || classes < 2) {
            throw new IllegalArgumentException("bad model spec " + channels + "x" + height + "x" + width + ", " + classes + " classes");
        }
    }

    public static ModelSpec of(long seed, int channels, int height, int width, int classes) {
        return new ModelSpec(seed, channels, height, width, classes, false, HiddenActivation.DEFAULT);
    }

    public ModelSpec inDoublePrecision() {
        return new ModelSpec(seed, channels, height, width, classes, true, activation);
    }

    public ModelSpec withActivation(HiddenActivation hidden) {
        return new ModelSpec(seed, channels, height, width, classes, doublePrecision, hidden);
    }
}
