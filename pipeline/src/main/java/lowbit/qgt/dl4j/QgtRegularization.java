package lowbit.qgt.dl4j;

import java.util.Objects;
import lowbit.qgt.LambdaSchedule;
import lowbit.qgt.QgtPenaltyKind;
import lowbit.tensor.ChannelLayout;
import lowbit.tensor.dl4j.Dl4jWeights;
import lowbit.tensor.dl4j.WeightChannels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * QGT as a DL4J regularization: before the updater, adds lambda(t) dR/dW to a layer's weight gradient,
 * with R a {@link QgtPenaltyKind} at {@code bits} bits and the grid's scales recomputed from the current
 * weights every step. lambda(t) is a {@link LambdaSchedule} evaluated at epoch + iteration-in-epoch when
 * iterationsPerEpoch > 0, else at the epoch DL4J passes.
 */
public final class QgtRegularization implements Regularization {
    @JsonProperty("bits")
    private int bits;
    @JsonProperty("channels")
    private WeightChannels channels;
    @JsonProperty("penalty")
    private QgtPenaltyKind penalty;
    @JsonProperty("ramp")
    private LambdaSchedule.Ramp ramp;
    @JsonProperty("warmupEpochs")
    private double warmupEpochs;
    @JsonProperty("lambdaStart")
    private double lambdaStart;
    @JsonProperty("lambdaEnd")
    private double lambdaEnd;
    @JsonProperty("rampEpochs")
    private double rampEpochs;
    @JsonProperty("growthFactor")
    private double growthFactor;
    @JsonProperty("iterationsPerEpoch")
    private long iterationsPerEpoch;

    /** For DL4J's JSON: 2-bit grid distance, whole tensor, lambda 1. */
    public QgtRegularization() {
        this(2, WeightChannels.WHOLE, QgtPenaltyKind.GRID_DISTANCE, LambdaSchedule.constant(1), 0);
    }

    /**
     * @param iterationsPerEpoch minibatches per epoch, for a schedule that moves within an epoch;
     *     0 to evaluate it at whole epochs only
     */
    public QgtRegularization(int bits, WeightChannels channels, QgtPenaltyKind penalty, LambdaSchedule schedule,
            long iterationsPerEpoch) {
        Objects.requireNonNull(penalty, "penalty").create(bits);
        if (iterationsPerEpoch < 0) {
            throw new IllegalArgumentException("iterations per epoch must be >= 0, got " + iterationsPerEpoch);
        }
        this.bits = bits;
        this.channels = Objects.requireNonNull(channels, "channels");
        this.penalty = penalty;
        this.ramp = schedule.ramp();
        this.warmupEpochs = schedule.warmupEpochs();
        this.lambdaStart = schedule.start();
        this.lambdaEnd = schedule.end();
        this.rampEpochs = schedule.rampEpochs();
        this.growthFactor = schedule.factor();
        this.iterationsPerEpoch = iterationsPerEpoch;
    }

    public LambdaSchedule schedule() {
        return LambdaSchedule.of(ramp, warmupEpochs, lambdaStart, lambdaEnd, rampEpochs, growthFactor);
    }

    /** lambda at DL4J's (global) iteration count and epoch. */
    public double lambdaAt(int iteration, int epoch) {
        LambdaSchedule schedule = schedule();
        if (iterationsPerEpoch == 0) {
            return schedule.at(epoch);
        }
        return schedule.at(epoch + (double) (iteration % iterationsPerEpoch) / iterationsPerEpoch);
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        double lambda = lambdaAt(iteration, epoch);
        if (lambda == 0) {
            return;
        }
        float[] grad = penalty.create(bits).gradient(Dl4jWeights.toFloats(param), layout(param));
        for (int i = 0; i < grad.length; i++) {
            grad[i] = (float) (lambda * grad[i]);
        }
        Dl4jWeights.addTo(gradView, grad);
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        double lambda = lambdaAt(iteration, epoch);
        if (lambda == 0) {
            return 0.0;
        }
        return lambda * penalty.create(bits).value(Dl4jWeights.toFloats(param), layout(param));
    }

    private ChannelLayout layout(INDArray param) {
        return Dl4jWeights.layout(param, channels);
    }

    @Override
    public Regularization clone() {
        return new QgtRegularization(bits, channels, penalty, schedule(), iterationsPerEpoch);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof QgtRegularization)) {
            return false;
        }
        QgtRegularization r = (QgtRegularization) o;
        return bits == r.bits && channels == r.channels && penalty == r.penalty && ramp == r.ramp
                && warmupEpochs == r.warmupEpochs && lambdaStart == r.lambdaStart && lambdaEnd == r.lambdaEnd
                && rampEpochs == r.rampEpochs && growthFactor == r.growthFactor
                && iterationsPerEpoch == r.iterationsPerEpoch;
    }

    @Override
    public int hashCode() {
        return Objects.hash(bits, channels, penalty, ramp, warmupEpochs, lambdaStart, lambdaEnd, rampEpochs,
                growthFactor, iterationsPerEpoch);
    }

    @Override
    public String toString() {
        return "QgtRegularization(bits=" + bits + ", channels=" + channels + ", penalty=" + penalty + ", ramp="
                + ramp + ", warmupEpochs=" + warmupEpochs + ", lambdaStart=" + lambdaStart + ", lambdaEnd="
                + lambdaEnd + ", rampEpochs=" + rampEpochs + ", growthFactor=" + growthFactor
                + ", iterationsPerEpoch=" + iterationsPerEpoch + ")";
    }
}
