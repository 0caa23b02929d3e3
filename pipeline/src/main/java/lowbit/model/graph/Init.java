package lowbit.model.graph;

/**
 * How a parameter starts: a constant, or Gaussian with standard deviation {@code std} around 0 (He normal on fan-in for
 * convolutions and hidden dense layers, Xavier for classifiers). Each engine draws the values with its own generator.
 */
public record Init(Kind kind, double fill, double std) {

    public enum Kind { CONSTANT, HE_NORMAL, XAVIER }

    public static Init constant(double value) {
        return new Init(Kind.CONSTANT, value, 0);
    }

    /** N(0, 2 / fanIn). */
    public static Init heNormal(int fanIn) {
        return new Init(Kind.HE_NORMAL, 0, Math.sqrt(2.0 / fanIn));
    }

    /** N(0, 2 / (fanIn + fanOut)). */
    public static Init xavier(int fanIn, int fanOut) {
        return new Init(Kind.XAVIER, 0, Math.sqrt(2.0 / (fanIn + fanOut)));
    }
}
