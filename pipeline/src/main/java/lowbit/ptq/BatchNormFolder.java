package lowbit.ptq;

import lowbit.quant.ViewLayouts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import lowbit.model.graph.BatchNormFold;
import lowbit.model.graph.ParamView;
import lowbit.quant.BatchNormFolding;
import lowbit.quant.BatchNormParams;
import lowbit.quant.FoldedWeights;

/**
 * Folds each foldable batch norm of a model into its conv / depthwise conv (with the zero-variance guard).
 * The network keeps its batch-norm layer as a per-channel bias: the folded bias goes into beta, and gamma,
 * mean, var become the constants sqrt(1 + eps), 0, 1 so that the layer computes x + beta; the conv's own
 * bias, already folded, becomes 0. Those constant views are what the export does not store.
 */
final class BatchNormFolder {

    private BatchNormFolder() {
    }

    /** Folds in place; returns the names of the views that became constants. */
    static List<String> fold(ModelBuffers buffers, List<BatchNormFold> folds) {
        List<String> constants = new ArrayList<>();
        for (BatchNormFold f : folds) {
            ParamView w = buffers.requireTrainable(f.layer() + "/W");
            ParamView b = buffers.trainable(f.layer() + "/b");
            ParamView gamma = buffers.requireTrainable(f.batchNorm() + "/gamma");
            ParamView beta = buffers.requireTrainable(f.batchNorm() + "/beta");
            ParamView mean = buffers.requireState(f.batchNorm() + "/mean");
            ParamView var = buffers.requireState(f.batchNorm() + "/var");
            BatchNormParams bn = new BatchNormParams(buffers.read(gamma), buffers.read(beta),
                    mean.read(buffers.state), var.read(buffers.state), f.eps());
            FoldedWeights folded = BatchNormFolding.fold(buffers.read(w), ViewLayouts.outputChannels(w),
                    b == null ? null : buffers.read(b), bn);
            buffers.write(w, folded.weights());
            buffers.write(beta, folded.bias());
            buffers.write(gamma, filled(gamma.length(), (float) Math.sqrt(1 + f.eps())));
            mean.write(buffers.state, filled(mean.length(), 0f));
            var.write(buffers.state, filled(var.length(), 1f));
            if (b != null) {
                buffers.write(b, filled(b.length(), 0f));
                constants.add(b.name());
            }
            constants.addAll(List.of(gamma.name(), mean.name(), var.name()));
        }
        return constants;
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        Arrays.fill(a, value);
        return a;
    }
}
