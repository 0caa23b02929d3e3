package lowbit.engine.torch;

import java.util.Arrays;
import java.util.List;

import lowbit.model.graph.BatchNormFold;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.Node;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.Tensor;

/**
 * A {@link ModelGraph} on libtorch: its nodes in run order (node 0 the input), each with its op's libtorch
 * implementation and the positions of its inputs; the last node added produces the logits.
 *
 * <p>Inference that only needs the logits (no autograd, no per-node outputs, no hook) runs faster than the ops one by
 * one: each batch norm that a convolution alone feeds is folded into that convolution's weights and bias (once, until
 * the parameters or the batch-norm state change: folding every batch cost MobileNet-0.25 a sixth of its time), and
 * when it saves layout conversions the activations stay in oneDNN's blocked layout between the ops that take it (a
 * convolution on libtorch's dense layout converts its input into that layout and its output back: a quarter of its
 * time).
 * Training without per-node outputs or hook does the same where it saves conversions: libtorch 1.10 has backward
 * kernels on that layout for convolution, batch norm, ReLU, pooling and addition, and autograd runs them.
 */
final class TorchNet {

    private final ModelGraph graph;
    private final TorchOp[] ops;
    private final int[][] inputs;
    private final int[] consumers;
    private final int output;
    /** Per node, the batch norm folded into it in inference, else -1. */
    private final int[] foldedBatchNorm;
    /** Per node, whether it is a batch norm folded into the node before it: in inference it passes its input on. */
    private final boolean[] folded;
    /**
     * Per node with a folded batch norm, its folded weights and bias, computed on the first inference after the
     * parameters or the batch-norm state last changed (null until then): evaluation reuses them batch after batch.
     */
    private final Tensor[][] foldedWeights;
    /** Whether inference keeps activations in oneDNN's blocked layout. */
    private final boolean blockedInference;
    /** Whether training keeps activations in oneDNN's blocked layout. */
    private final boolean blockedTraining;

    TorchNet(ModelGraph graph) {
        this.graph = graph;
        List<Node> nodes = graph.nodes();
        ops = new TorchOp[nodes.size()];
        inputs = new int[nodes.size()][];
        consumers = new int[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            ops[i] = n.isInput() ? null : TorchLayers.of(n.op());
            inputs[i] = n.inputs().stream().mapToInt(graph::indexOf).toArray();
            for (int in : inputs[i]) consumers[in]++;
        }
        output = graph.indexOf(graph.output().name());
        foldedBatchNorm = new int[nodes.size()];
        folded = new boolean[nodes.size()];
        foldedWeights = new Tensor[nodes.size()][];
        Arrays.fill(foldedBatchNorm, -1);
        for (BatchNormFold f : graph.foldableBatchNorms()) {
            int layer = graph.indexOf(f.layer());
            int bn = graph.indexOf(f.batchNorm());
            if (ops[layer] instanceof TorchLayers.FoldsBatchNorm && ops[bn] instanceof TorchLayers.BatchNorm) {
                foldedBatchNorm[layer] = bn;
                folded[bn] = true;
            }
        }
        blockedInference = blockedConversions(false) < 2 * convolutions(false);
        // in a training step a convolution on the dense layout converts 6 tensors (2 forward, 4 backward), an edge
        // between layouts 2 (the activation forward, its gradient backward)
        blockedTraining = blockedConversions(true) < 3 * convolutions(true);
    }

    /** Layout conversions of a blocked-layout run: edges between ops of different layouts, input and output. */
    private int blockedConversions(boolean training) {
        int conversions = 0;
        for (int i = 1; i < ops.length; i++) {
            if (!training && folded[i]) continue;
            for (int in : inputs[i]) {
                int from = in;
                while (!training && folded[from]) from = inputs[from][0];
                boolean fromBlocked = from > 0 && ops[from].onOneDnnLayout(training);
                if (fromBlocked != ops[i].onOneDnnLayout(training)) conversions++;
            }
        }
        return conversions + (ops[output].onOneDnnLayout(training) ? 1 : 0);
    }

    /** Convolutions that take the blocked layout: on the dense one, each converts its input and output. */
    private int convolutions(boolean training) {
        return (int) Arrays.stream(ops)
                .filter(op -> op instanceof TorchLayers.FoldsBatchNorm && op.onOneDnnLayout(training)).count();
    }

    ModelGraph graph() {
        return graph;
    }

    int size() {
        return ops.length;
    }

    TorchOp op(int node) {
        return ops[node];
    }

    /** The position of the node producing the logits. */
    int output() {
        return output;
    }

    /** Whether inference keeps activations in oneDNN's blocked layout (for tests). */
    boolean blockedInference() {
        return blockedInference;
    }

    /** Whether training keeps activations in oneDNN's blocked layout (for tests). */
    boolean blockedTraining() {
        return blockedTraining;
    }

    /** Drops the folded weights: to be called whenever the parameters or the batch-norm state change. */
    void parametersChanged() {
        for (int i = 0; i < foldedWeights.length; i++) {
            if (foldedWeights[i] == null) continue;
            for (Tensor t : foldedWeights[i]) t.releaseReference();
            foldedWeights[i] = null;
        }
    }

    /** The folded weights and bias of node {@code i}, kept beyond the caller's pointer scope until they change. */
    private Tensor[] folded(int i, Tensor[][] params, Tensor[][] state) {
        if (foldedWeights[i] == null) {
            int bn = foldedBatchNorm[i];
            double eps = ((TorchLayers.BatchNorm) ops[bn]).eps();
            Tensor[] f = ((TorchLayers.FoldsBatchNorm) ops[i]).fold(params[i], params[bn], state[bn], eps);
            for (Tensor t : f) t.retainReference();
            foldedWeights[i] = f;
        }
        return foldedWeights[i];
    }

    /** Replaces a node's output before the nodes after it read it. */
    interface OutputHook {
        Tensor after(int node, Tensor output);
    }

    /**
     * Runs every node; returns the outputs indexed like {@link ModelGraph#nodes()}, each passed through {@code hook}
     * (null: none), the input's too. In the fast inference described above only the logits' entry is meaningful.
     *
     * @param params      per node, its trainable tensors; {@code state} likewise its batch-norm state tensors
     * @param keepOutputs every node's output stays as computed; else ops may overwrite an input that only they read
     */
    Tensor[] run(Tensor input, Tensor[][] params, Tensor[][] state, boolean training, boolean keepOutputs, OutputHook hook) {
        // inference under autograd (input gradients) runs op by op
        boolean fast = !training && !keepOutputs && hook == null && !GradMode.is_enabled();
        boolean blocked = fast ? blockedInference : training && !keepOutputs && hook == null && blockedTraining;
        if (training) parametersChanged(); // batch norm updates its running statistics
        Tensor[] out = new Tensor[ops.length];
        out[0] = hook == null ? input : hook.after(0, input);
        for (int i = 1; i < ops.length; i++) {
            Tensor[] in = new Tensor[inputs[i].length];
            for (int k = 0; k < in.length; k++) in[k] = out[inputs[i][k]];
            if (blocked && !(fast && folded[i])) { // a folded batch norm passes its input on in whatever layout it has
                boolean takesBlocked = ops[i].onOneDnnLayout(training);
                for (int k = 0; k < in.length; k++) {
                    // feature maps only: oneDNN's batch norm takes no [N, C] batch
                    in[k] = takesBlocked && in[k].dim() == 4 ? blockedLayout(in[k]) : denseLayout(in[k]);
                }
            }
            boolean overwrite = !keepOutputs && in.length == 1 && inputs[i][0] > 0 && consumers[inputs[i][0]] == 1;
            if (fast && folded[i]) {
                out[i] = in[0];
            } else if (fast && foldedBatchNorm[i] >= 0) {
                out[i] = ((TorchLayers.FoldsBatchNorm) ops[i]).applyFolded(in[0], folded(i, params, state));
            } else {
                out[i] = ops[i].apply(in, params[i], state[i], training, overwrite);
            }
            if (hook != null) out[i] = hook.after(i, out[i]);
        }
        if (blocked) out[output] = denseLayout(out[output]);
        return out;
    }

    Tensor[] run(Tensor input, Tensor[][] params, Tensor[][] state, boolean training, boolean keepOutputs) {
        return run(input, params, state, training, keepOutputs, null);
    }

    private static Tensor blockedLayout(Tensor t) {
        return t.is_mkldnn() ? t : t.contiguous().to_mkldnn();
    }

    private static Tensor denseLayout(Tensor t) {
        return t.is_mkldnn() ? t.to_dense() : t;
    }
}
