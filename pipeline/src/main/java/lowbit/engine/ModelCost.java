package lowbit.engine;

import lowbit.model.graph.ParamView;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;

import java.util.Map;

/** Multiply-accumulates of one forward pass, from the weights and the spatial size of each layer's output. */
public final class ModelCost {
    private ModelCost() {
    }

    /**
     * Each weight is used once per output position of its layer: MACs = sum over weight tensors of
     * (output height x width) x weights (dense layers: x 1). Exact for convolutions (also depthwise) and dense layers.
     */
    public static long forwardMacs(TrainableModel model, int channels, int height, int width) {
        Map<String, Tensor> outputs = model.activations(Tensor.of(new float[channels * height * width], 1, channels, height, width));
        long macs = 0;
        for (ParamView v : model.parameterViews()) {
            if (!v.kind().isWeight()) {
                continue;
            }
            String layer = v.layer();
            Tensor out = outputs.get(layer);
            if (out == null) {
                throw new IllegalStateException("no activation for layer " + layer + " of weight " + v.name());
            }
            long positions = 1;
            for (int d = 2; d < out.shape().length; d++) {
                positions *= out.shape()[d];
            }
            macs += positions * v.length();
        }
        return macs;
    }
}
