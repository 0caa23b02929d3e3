package lowbit.train.dl4j;

import lowbit.train.LrSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A {@link LrSchedule} as DL4J's updaters ask for it: at fractional epoch epoch + (iteration mod steps) / steps, with
 * {@code stepsPerEpoch} a worker's minibatches per epoch (DL4J counts iterations over the whole run).
 */
public final class Dl4jLrSchedule implements ISchedule {
    @JsonProperty("kind")
    private LrSchedule.Kind kind;
    @JsonProperty("base")
    private double base;
    @JsonProperty("milestones")
    private List<Integer> milestones;
    @JsonProperty("gamma")
    private double gamma;
    @JsonProperty("epochs")
    private int epochs;
    @JsonProperty("min")
    private double min;
    @JsonProperty("stepsPerEpoch")
    private int stepsPerEpoch;

    /** For DL4J's JSON. */
    public Dl4jLrSchedule() {
        this(new LrSchedule(LrSchedule.Kind.CONSTANT, 0.01, List.of(), 1, 1, 0), 1);
    }

    public Dl4jLrSchedule(LrSchedule schedule, int stepsPerEpoch) {
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException("steps per epoch must be >= 1, got " + stepsPerEpoch);
        }
        this.kind = schedule.kind();
        this.base = schedule.base();
        this.milestones = List.copyOf(schedule.milestones());
        this.gamma = schedule.gamma();
        this.epochs = schedule.epochs();
        this.min = schedule.min();
        this.stepsPerEpoch = stepsPerEpoch;
    }

    public LrSchedule schedule() {
        return new LrSchedule(kind, base, milestones, gamma, epochs, min);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return schedule().at(epoch + (double) (iteration % stepsPerEpoch) / stepsPerEpoch);
    }

    @Override
    public ISchedule clone() {
        return new Dl4jLrSchedule(schedule(), stepsPerEpoch);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dl4jLrSchedule s && s.schedule().equals(schedule()) && s.stepsPerEpoch == stepsPerEpoch;
    }

    @Override
    public int hashCode() {
        return schedule().hashCode() * 31 + stepsPerEpoch;
    }
}
