package lowbit.method;

import lowbit.model.graph.ParamView;

import java.io.Serializable;
import java.util.List;

/**
 * A method's hook into training, applied on the driver to the flat buffers after the workers' gradients
 * are averaged and before the optimizer step. Implementations touch only weight views
 * ({@link lowbit.model.graph.ParamKind#isWeight()}).
 */
public interface Regularizer extends Serializable {

    String name();

    /** Checks the settings against the model (e.g. per-layer names); throws a clear error when they do not fit. */
    default void bind(List<ParamView> views) {
    }

    /**
     * The views it acts on, in model order (after {@link #bind}): every weight view unless the method selects layers.
     * {@link #addGradient} and {@link #onEpochEnd} act on these and on nothing else, also when handed them one by one.
     */
    default List<ParamView> targets(List<ParamView> views) {
        return views.stream().filter(v -> v.kind().isWeight()).toList();
    }

    /**
     * Whether it keeps state that evolves during training ({@link #state()}). A method without state is a pure
     * function of the weights and the epoch, so DL4J's own training can apply it layer by layer in every worker.
     */
    default boolean keepsState() {
        return false;
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

    /** Called after {@link #onEpochEnd} of the last epoch, before its evaluation and checkpoint. */
    default void onTrainingEnd(float[] params, List<ParamView> views) {
    }

    /** State that evolves during training and must survive a checkpoint (null: none); a snapshot. */
    default Serializable state() {
        return null;
    }

    /** Continues from a {@link #state()} of an equally configured regularizer, or starts afresh on null; after bind. */
    default void restore(Serializable state) {
        if (state != null) {
            throw new IllegalArgumentException(name() + " keeps no state, got " + state.getClass().getName());
        }
    }

    /** Layer name of a view such as {@code conv1/W}. */
    static String layerOf(ParamView view) {
        return view.layer();
    }
}
