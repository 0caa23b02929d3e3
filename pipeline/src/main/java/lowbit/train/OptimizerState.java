package lowbit.train;

import java.io.Serializable;
import java.util.List;

/** Everything an {@link Optimizer} needs to continue exactly: its kind, step count and moment buffers. */
public record OptimizerState(String kind, long steps, List<float[]> buffers) implements Serializable {
    public OptimizerState {
        buffers = List.copyOf(buffers);
    }
}
