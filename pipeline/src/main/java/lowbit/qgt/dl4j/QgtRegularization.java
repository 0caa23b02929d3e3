package lowbit.qgt.dl4j;

import java.util.Arrays;
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
 *
 * <p>Inside DL4J's training the updater passes each parameter as a [1, n] view of the flat parameter vector, whose
 * shape says nothing about channels: per-channel scales there need {@link #forFlatLayout}, which carries the
 * parameter's layout in that vector. The {@link WeightChannels} form reads channels from the array's own shape and
 * refuses a [1, n] view unless the whole tensor is one channel.
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
    /** The parameter's C-order shape in the flat parameter vector (lowbit's ParamView shape); null: the array's own. */
    @JsonProperty("flatShape")
    private int[] flatShape;
    @JsonProperty("flatAxis")
    private int flatAxis;

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
        this(bits, channels, penalty, schedule, iterationsPerEpoch, null, 0);
    }

    /**
     * For one parameter inside DL4J's training: {@code flatShape} and {@code outAxis} describe its values in the flat
     * parameter vector as a C-order array (as lowbit's {@code ParamView} does); scales per slice along
     * {@code outAxis}, or one for the tensor.
     */
    public static QgtRegularization forFlatLayout(int bits, int[] flatShape, int outAxis, boolean perChannel,
            QgtPenaltyKind penalty, LambdaSchedule schedule, long iterationsPerEpoch) {
        return new QgtRegularization(bits, perChannel ? WeightChannels.OUTPUT : WeightChannels.WHOLE, penalty, schedule,
                iterationsPerEpoch, flatShape.clone(), outAxis);
    }

    private QgtRegularization(int bits, WeightChannels channels, QgtPenaltyKind penalty, LambdaSchedule schedule,
            long iterationsPerEpoch, int[] flatShape, int flatAxis) {
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
        this.flatShape = flatShape;
        this.flatAxis = flatAxis;
        if (flatShape != null) {
            ChannelLayout.alongAxis(flatShape, flatAxis); // validates the axis
        }
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
        float[] grad = penalty.create(bits).gradient(values(param), layout(param));
        for (int i = 0; i < grad.length; i++) {
            grad[i] = (float) (lambda * grad[i]);
        }
        if (flatShape == null) {
            Dl4jWeights.addTo(gradView, grad);
        } else {
            Dl4jWeights.addInFlatOrder(gradView, grad);
        }
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        double lambda = lambdaAt(iteration, epoch);
        if (lambda == 0) {
            return 0.0;
        }
        return lambda * penalty.create(bits).value(values(param), layout(param));
    }

    private float[] values(INDArray param) {
        return flatShape == null ? Dl4jWeights.toFloats(param) : Dl4jWeights.inFlatOrder(param);
    }

    private ChannelLayout layout(INDArray param) {
        if (flatShape != null) {
            ChannelLayout slices = ChannelLayout.alongAxis(flatShape, flatAxis);
            if (param.length() != slices.length()) {
                throw new IllegalArgumentException("a parameter of " + param.length() + " values for the layout "
                        + Arrays.toString(flatShape));
            }
            return channels == WeightChannels.WHOLE ? ChannelLayout.whole(slices.length()) : slices;
        }
        if (channels != WeightChannels.WHOLE && Dl4jWeights.isFlatView(param)) {
            throw new IllegalStateException("per-channel QGT got a [1, n] view (DL4J's updater passes those): build it "
                    + "with QgtRegularization.forFlatLayout");
        }
        return Dl4jWeights.layout(param, channels);
    }

    @Override
    public Regularization clone() {
        return new QgtRegularization(bits, channels, penalty, schedule(), iterationsPerEpoch,
                flatShape == null ? null : flatShape.clone(), flatAxis);
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
                && iterationsPerEpoch == r.iterationsPerEpoch && Arrays.equals(flatShape, r.flatShape)
                && flatAxis == r.flatAxis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(bits, channels, penalty, ramp, warmupEpochs, lambdaStart, lambdaEnd, rampEpochs,
                growthFactor, iterationsPerEpoch, Arrays.hashCode(flatShape), flatAxis);
    }

    @Override
    public String toString() {
        return "QgtRegularization(bits=" + bits + ", channels=" + channels + ", penalty=" + penalty + ", ramp="
                + ramp + ", warmupEpochs=" + warmupEpochs + ", lambdaStart=" + lambdaStart + ", lambdaEnd="
                + lambdaEnd + ", rampEpochs=" + rampEpochs + ", growthFactor=" + growthFactor
                + ", iterationsPerEpoch=" + iterationsPerEpoch
                + (flatShape == null ? "" : ", flatShape=" + Arrays.toString(flatShape) + ", flatAxis=" + flatAxis) + ")";
    }
}
