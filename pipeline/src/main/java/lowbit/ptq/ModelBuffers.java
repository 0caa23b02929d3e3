package lowbit.ptq;

import java.util.LinkedHashMap;
import java.util.Map;

import lowbit.model.graph.ParamView;
import lowbit.engine.TrainableModel;

/** Copies of a model's flat parameters and batch-norm state with their views by name, for editing. */
final class ModelBuffers {
    final float[] parameters;
    final float[] state;
    private final Map<String, ParamView> trainable = new LinkedHashMap<>();
    private final Map<String, ParamView> stateViews = new LinkedHashMap<>();

    ModelBuffers(TrainableModel model) {
        parameters = model.parameters();
        state = model.batchNormState();
        model.parameterViews().forEach(v -> trainable.put(v.name(), v));
        model.batchNormStateViews().forEach(v -> stateViews.put(v.name(), v));
    }

    /** The trainable view of that name, or null. */
    ParamView trainable(String name) {
        return trainable.get(name);
    }

    ParamView requireTrainable(String name) {
        ParamView v = trainable.get(name);
        if (v == null) throw new IllegalArgumentException("the model has no parameter view " + name);
        return v;
    }

    ParamView requireState(String name) {
        ParamView v = stateViews.get(name);
        if (v == null) throw new IllegalArgumentException("the model has no batch-norm state view " + name);
        return v;
    }

    float[] read(ParamView trainableView) {
        return trainableView.read(parameters);
    }

    void write(ParamView trainableView, float[] values) {
        trainableView.write(parameters, values);
    }
}
