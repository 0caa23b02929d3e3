package lowbit.engine;

import lowbit.tensor.Tensor;

import lowbit.model.graph.BatchNormFold;
import lowbit.model.graph.GraphNode;
import lowbit.model.graph.ParamView;
import java.util.List;
import java.util.Map;

/**
 * The only view of a network that trainers, gradient aggregation and compression code get.
 * Trainable parameters live in one flat float buffer, described by named {@link ParamView}s;
 * gradients use the same layout. Batch-norm running statistics are separate state.
 * Implementations are not thread-safe: use one instance per thread.
 */
public interface TrainableModel {

    /** Class probabilities, shape [N, classes], in inference mode (batch-norm uses running statistics). */
    Tensor forward(Tensor features);

    /** The logits whose softmax {@link #forward} returns, shape [N, classes], in inference mode. */
    Tensor logits(Tensor features);

    /**
     * One training-mode pass on a batch: returns the mean cross-entropy loss and fills the gradient buffer
     * with its gradient. Batch-norm running statistics are updated as a training forward pass does.
     *
     * @param features NCHW batch
     * @param labels   class index per example
     */
    double forwardBackward(Tensor features, int[] labels);

    /** As {@link #forwardBackward(Tensor, int[])} with one-hot (or soft) labels of shape [N, classes]. */
    double forwardBackward(Tensor features, Tensor labels);

    /**
     * One training-mode pass whose loss is any function of the logits (knowledge distillation's): {@code loss} gets the
     * batch's logits and returns the loss and its gradient with respect to them; {@link #gradients()} then holds the
     * parameters' gradient of that loss. Batch-norm running statistics move as in {@link #forwardBackward(Tensor, int[])}.
     */
    double forwardBackward(Tensor features, LogitLoss loss);

    /** A loss of a batch's logits. */
    interface LogitLoss {
        /**
         * @param logits   [N, classes], row-major
         * @param gradient receives dLoss/dLogits, same layout
         * @return the loss
         */
        double lossAndGradient(Tensor logits, float[] gradient);
    }

    /**
     * The gradient of the summed cross-entropy of a batch with respect to its input features (same shape as
     * {@code features}), in inference mode as {@link #forward}: batch norm normalizes with its running statistics
     * and leaves them unchanged, and {@link #gradients()} still returns the last training gradient. Example i's
     * slice is the gradient of its own loss (unless a layer couples examples, as EnResNet's batch-wide noise
     * scale does slightly). For adversarial attacks.
     */
    Tensor inputGradient(Tensor features, int[] labels);

    /** Number of trainable parameters (batch-norm running statistics excluded). */
    int parameterCount();

    /** Named slices covering the flat parameter (and gradient) buffer exactly, in buffer order. */
    List<ParamView> parameterViews();

    /** A copy of the flat trainable parameters. */
    float[] parameters();

    void setParameters(float[] flat);

    /** A copy of the flat gradient from the last {@code forwardBackward}, laid out like {@link #parameters()}. */
    float[] gradients();

    /** Named slices covering the batch-norm state buffer (running means and variances); empty without batch norm. */
    List<ParamView> batchNormStateViews();

    /** A copy of the batch-norm running statistics, so that workers can average them. */
    float[] batchNormState();

    void setBatchNormState(float[] flat);

    /**
     * Every layer's output for a batch in inference mode, keyed by layer name (the part of its views' names
     * before '/'), plus the input under its own name; for per-layer SQNR.
     */
    Map<String, Tensor> activations(Tensor features);

    /**
     * Class probabilities as {@link #forward(Tensor)}, with every tensor {@code q} names (the input included)
     * fake-quantized as soon as it is computed, so that the layers after it read the quantized values.
     */
    Tensor forward(Tensor features, ActivationQuantizer q);

    /**
     * As {@link #activations(Tensor)} with the tensors {@code q} names fake-quantized (their quantized values are
     * what the map holds and what the layers after them read).
     */
    Map<String, Tensor> activations(Tensor features, ActivationQuantizer q);

    /** Every named tensor of {@link #activations(Tensor)} in the same (topological) order, with its role and inputs. */
    List<GraphNode> graphNodes();

    /** The (layer, batch norm) pairs where the batch norm can be folded into the layer, in graph order. */
    List<BatchNormFold> foldableBatchNorms();

    /**
     * The engine-neutral graph this model was built from: its nodes, ops, shapes and parameter views. Absent only for a
     * DL4J model read from a DL4J zip whose configuration is not a zoo architecture.
     */
    java.util.Optional<lowbit.model.graph.ModelGraph> modelGraph();

    /** The architecture as text from which {@link Engine#build} creates this network with fresh parameters. */
    String architecture();

    /** The name of the engine this model runs on ({@link Engine#name()}). */
    String engineName();

    /**
     * Restarts the draws of every noise-injection layer (EnResNet's) from its own seed mixed with {@code stream}
     * ({@link NoiseStreams}), so that a pass's noise depends on the stream only, not on earlier passes of this model.
     * Models without such layers ignore it.
     */
    default void reseedNoise(long stream) {
    }
}
