package lowbit.train;

/** Computes the summed gradient of one step: in this JVM, or on Spark executors. */
public interface GradientSource extends AutoCloseable {

    /** Optimizer steps in one epoch. */
    int stepsPerEpoch();

    /** Examples in one step (the global batch). */
    int globalBatch();

    GradientSum compute(int epoch, int step, float[] params, float[] batchNorm);

    @Override
    default void close() {
    }
}
