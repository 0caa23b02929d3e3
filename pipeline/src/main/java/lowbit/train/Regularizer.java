package lowbit.train;

import lowbit.engine.ParamView;

import java.io.Serializable;
import java.util.List;

/**
 * A method's hook into training, applied on the driver to the flat buffers after the workers' gradients
 * are averaged and before the optimizer step. Implementations touch only weight views
 * ({@link lowbit.engine.ParamKind#isWeight()}).
 */
public interface Regularizer extends Serializable {

    String name();

    /** Checks the settings against the model (e.g. per-layer names); throws a clear error when they do not fit. */
    default void bind(List<ParamView> views) {
    }

    /**
     * Adds the penalty's gradient to {@code grad} at the current {@code params}.
     *
     * @param epoch fractional epoch (completed epochs + step / steps per epoch)
     * @return the penalty's value, for logging
     */
    double addGradient(float[] params, float[] grad, List<ParamView> views, double epoch);

    /** Called after the last step of every epoch, before evaluation and the checkpoint. */
    default void onEpochEnd(float[] params, List<ParamView> views) {
    }

    /** Layer name of a view such as {@code conv1/W}. */
    static String layerOf(ParamView view) {
        return view.layer();
    }
}
