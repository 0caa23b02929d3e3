package lowbit.train;

import java.io.Serializable;

/**
 * What workers send back for one step, summed: example-weighted gradients of their minibatches' mean
 * losses, the loss sum, the example count and the batch-norm state each worker ended with (averaged over
 * workers on the driver). An empty sum (no arrays yet) is the neutral element of {@link #merge}.
 */
public final class GradientSum implements Serializable {
    private double[] gradient;
    private double loss;
    private long examples;
    private double[] batchNorm;
    private int workers;

    /** Adds one minibatch's mean-loss gradient and mean loss, weighted by its size. */
    public void addBatch(float[] meanGradient, double meanLoss, int size) {
        if (gradient == null) {
            gradient = new double[meanGradient.length];
        }
        for (int i = 0; i < meanGradient.length; i++) {
            gradient[i] += (double) meanGradient[i] * size;
        }
        loss += meanLoss * size;
        examples += size;
    }

    /** Adds the batch-norm state one worker ended its minibatches with. */
    public void addWorkerState(float[] batchNormState) {
        if (batchNorm == null) {
            batchNorm = new double[batchNormState.length];
        }
        for (int i = 0; i < batchNormState.length; i++) {
            batchNorm[i] += batchNormState[i];
        }
        workers++;
    }

    /** Adds {@code other} into this sum and returns this. */
    public GradientSum merge(GradientSum other) {
        if (other.gradient != null) {
            if (gradient == null) {
                gradient = new double[other.gradient.length];
            }
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] += other.gradient[i];
            }
        }
        if (other.batchNorm != null) {
            if (batchNorm == null) {
                batchNorm = new double[other.batchNorm.length];
            }
            for (int i = 0; i < batchNorm.length; i++) {
                batchNorm[i] += other.batchNorm[i];
            }
        }
        loss += other.loss;
        examples += other.examples;
        workers += other.workers;
        return this;
    }

    public long examples() {
        return examples;
    }

    public int workers() {
        return workers;
    }

    public double meanLoss() {
        return loss / examples;
    }

    /** The gradient of the mean loss over all examples of the step. */
    public float[] meanGradient() {
        if (examples == 0) {
            throw new IllegalStateException("no examples in this step");
        }
        float[] g = new float[gradient.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) (gradient[i] / examples);
        }
        return g;
    }

    /** The workers' batch-norm states averaged (running statistics as in DDP without synchronized BN). */
    public float[] meanBatchNormState() {
        float[] s = new float[batchNorm == null ? 0 : batchNorm.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (batchNorm[i] / workers);
        }
        return s;
    }
}
