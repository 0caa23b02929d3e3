package lowbit.export.onnx;

import java.util.Map;

import lowbit.engine.ActivationQuantizer;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.model.graph.Dense;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.Node;
import lowbit.model.graph.ParamView;
import lowbit.model.graph.SoftmaxOutput;

/**
 * The logits of a lowbit model, which {@link TrainableModel#forward} turns into probabilities: the input of a final
 * {@link SoftmaxOutput}, or the final classifier ({@link Dense}) applied in double precision to the model's own
 * (activation-quantized, when asked) input of that layer with the model's own weights.
 */
public final class LowbitLogits {

    private LowbitLogits() {
    }

    /** [N * classes] row-major. */
    public static float[] of(TrainableModel model, ModelGraph graph, Tensor batch, ActivationQuantizer q) {
        Map<String, Tensor> acts = model.activations(batch, q);
        Node out = graph.output();
        if (out.op() instanceof SoftmaxOutput) return acts.get(out.inputs().get(0)).data();
        if (!(out.op() instanceof Dense d)) throw new IllegalStateException("the graph ends in " + out.op());
        float[] x = acts.get(out.inputs().get(0)).data();
        float[] params = model.parameters();
        ParamView w = view(model, out.name() + "/W");
        ParamView b = view(model, out.name() + "/b");
        int n = batch.dim(0);
        float[] logits = new float[n * d.out()];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < d.out(); o++) {
                double s = params[b.offset() + o];
                int row = w.offset() + o * d.in();
                for (int j = 0; j < d.in(); j++) s += (double) params[row + j] * x[i * d.in() + j];
                logits[i * d.out() + o] = (float) s;
            }
        }
        return logits;
    }

    private static ParamView view(TrainableModel model, String name) {
        return model.parameterViews().stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the model has no view " + name));
    }
}
