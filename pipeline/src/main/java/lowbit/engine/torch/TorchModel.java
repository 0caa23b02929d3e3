package lowbit.engine.torch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lowbit.engine.ActivationQuantizer;
import lowbit.model.graph.BatchNormFold;
import lowbit.model.graph.GraphNode;
import lowbit.model.graph.ParamView;
import lowbit.engine.TrainableModel;
import lowbit.model.ModelZoo;
import lowbit.model.graph.ModelGraph;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * {@link TrainableModel} on libtorch. The parameters, their gradients and the batch-norm state are three flat
 * native float tensors laid out like the views; each layer's parameters are leaf tensors that alias slices of the
 * first, and their gradient tensors alias slices of the second, so backward accumulates straight into the flat
 * gradient and no per-layer copies happen. Every call runs in its own {@link PointerScope}, which frees the
 * call's native tensors (and the autograd graph) when it returns.
 */
public final class TorchModel implements TrainableModel {

    static {
        lowbit.engine.NumericKernels.apply(); // before the native libraries load
    }

    private final TorchNet net;
    private final String architecture;
    private final int threads;
    private final int classes;
    private final List<ParamView> views;
    private final List<ParamView> stateViews;
    private final Tensor params;
    private final Tensor grads;
    private final Tensor state;
    private final Tensor[][] leaves;
    private final Tensor[][] stateSlices;

    /** A freshly initialized model of {@code graph}, whose {@link #architecture()} is {@code architecture}. */
    public static TorchModel of(ModelGraph graph, String architecture, int threads) {
        return new TorchModel(new TorchNet(graph), architecture, threads);
    }

    private TorchModel(TorchNet net, String architecture, int threads) {
        this.net = net;
        this.architecture = architecture;
        this.threads = TorchThreads.resolve(threads);
        TorchMalloc.apply();
        ModelGraph graph = net.graph();
        this.views = graph.trainableViews();
        this.stateViews = graph.stateViews();
        this.classes = graph.classes();
        int nodes = net.size();
        leaves = new Tensor[nodes][];
        stateSlices = new Tensor[nodes][];
        try (PointerScope scope = new PointerScope()) {
            params = keep(torch.zeros(Math.max(1, length(views))));
            grads = keep(torch.zeros(Math.max(1, length(views))));
            state = keep(torch.zeros(Math.max(1, length(stateViews))));
            for (int i = 0; i < nodes; i++) {
                int[] trainable = graph.trainableSlots(i);
                int[] stateSlotsOfNode = graph.stateSlots(i);
                leaves[i] = new Tensor[trainable.length];
                for (int k = 0; k < leaves[i].length; k++) {
                    ParamView v = views.get(trainable[k]);
                    Tensor leaf = keep(slice(params, v).detach());
                    leaf.requires_grad_(true);
                    leaf.mutable_grad().put(slice(grads, v));
                    leaves[i][k] = leaf;
                }
                stateSlices[i] = new Tensor[stateSlotsOfNode.length];
                for (int k = 0; k < stateSlices[i].length; k++) {
                    stateSlices[i][k] = keep(slice(state, stateViews.get(stateSlotsOfNode[k])));
                }
            }
        }
        setParameters(TorchInit.values(graph.trainableParams(), views, graph.seed()));
        setBatchNormState(TorchInit.values(graph.stateParams(), stateViews, graph.seed() + 1));
    }

    /** A model in the torch engine's own file format ({@link TorchModelFile}, written before lowbit model files). */
    static TorchModel load(Path file, int threads) throws IOException {
        TorchModelFile.Contents c = TorchModelFile.read(file);
        TorchModel model = of(ModelZoo.fromArchitecture(c.architecture()).graph(), c.architecture(), threads);
        model.setParameters(c.parameters());
        model.setBatchNormState(c.batchNormState());
        return model;
    }

    public int numClasses() {
        return classes;
    }

    @Override
    public lowbit.tensor.Tensor forward(lowbit.tensor.Tensor features) {
        return forward(features, ActivationQuantizer.NONE);
    }

    @Override
    public lowbit.tensor.Tensor logits(lowbit.tensor.Tensor features) {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            TorchThreads.apply(threads);
            return toJava(net.run(toNative(features), leaves, stateSlices, false, false)[net.output()]);
        }
    }

    @Override
    public double forwardBackward(lowbit.tensor.Tensor features, int[] labels) {
        return forwardBackward(features, lowbit.tensor.Tensor.oneHot(labels, features.dim(0), classes));
    }

    @Override
    public double forwardBackward(lowbit.tensor.Tensor features, lowbit.tensor.Tensor labels) {
        int n = features.dim(0);
        if (labels.rank() != 2 || labels.dim(0) != n || labels.dim(1) != classes) {
            throw new IllegalArgumentException("labels must be [" + n + ", " + classes + "], got " + Arrays.toString(labels.shape()));
        }
        return forwardBackward(features, labels, false);
    }

    /** @param opByOne every op on libtorch's dense layout, its output kept (the reference for the blocked layout) */
    private double forwardBackward(lowbit.tensor.Tensor features, lowbit.tensor.Tensor labels, boolean opByOne) {
        try (PointerScope scope = new PointerScope()) {
            Tensor loss = trainingLoss(features, labels, opByOne);
            loss.backward();
            return loss.item_double();
        }
    }

    @Override
    public double forwardBackward(lowbit.tensor.Tensor features, LogitLoss loss) {
        try (PointerScope scope = new PointerScope()) {
            TorchThreads.apply(threads);
            grads.zero_();
            Tensor logits = net.run(toNative(features), leaves, stateSlices, true, false)[net.output()];
            lowbit.tensor.Tensor java = toJava(logits);
            float[] gradient = new float[java.data().length];
            double value = loss.lossAndGradient(java, gradient);
            logits.backward(toNative(new lowbit.tensor.Tensor(java.shape(), gradient)), new org.bytedeco.pytorch.BoolOptional(), false,
                    new org.bytedeco.pytorch.TensorListOptional());
            return value;
        }
    }

    /**
     * The forward half of {@link #forwardBackward}: zeroes the gradients and returns the training-mode loss, whose
     * {@code backward()} fills them. Call inside a {@link PointerScope}; labels as checked there.
     */
    Tensor trainingLoss(lowbit.tensor.Tensor features, lowbit.tensor.Tensor labels) {
        return trainingLoss(features, labels, false);
    }

    /** @param opByOne as in {@link #forwardBackward(lowbit.tensor.Tensor, lowbit.tensor.Tensor, boolean)} */
    Tensor trainingLoss(lowbit.tensor.Tensor features, lowbit.tensor.Tensor labels, boolean opByOne) {
        TorchThreads.apply(threads);
        grads.zero_();
        Tensor[] out = net.run(toNative(features), leaves, stateSlices, true, opByOne);
        // mean cross-entropy of softmax outputs against (soft) labels, as DL4J's MCXENT
        return torch.log_softmax(out[net.output()], 1).mul(toNative(labels)).sum().mul(new Scalar(-1.0 / features.dim(0)));
    }

    /** {@link #forwardBackward(lowbit.tensor.Tensor, int[])} on the dense layout only, for tests of the blocked one. */
    double forwardBackwardOpByOne(lowbit.tensor.Tensor features, int[] labels) {
        return forwardBackward(features, lowbit.tensor.Tensor.oneHot(labels, features.dim(0), classes), true);
    }

    /** Whether training keeps activations in oneDNN's blocked layout between ops (for tests). */
    boolean trainsOnBlockedLayout() {
        return net.blockedTraining();
    }

    /** Inference mode (running batch-norm statistics, left unchanged); the parameter gradient buffer is restored after. */
    @Override
    public lowbit.tensor.Tensor inputGradient(lowbit.tensor.Tensor features, int[] labels) {
        float[] parameterGradients = gradients();
        try (PointerScope scope = new PointerScope()) {
            TorchThreads.apply(threads);
            Tensor x = toNative(features);
            x.requires_grad_(true);
            Tensor[] out = net.run(x, leaves, stateSlices, false, false);
            Tensor oneHot = toNative(lowbit.tensor.Tensor.oneHot(labels, features.dim(0), classes));
            torch.log_softmax(out[net.output()], 1).mul(oneHot).sum().mul(new Scalar(-1.0)).backward();
            return toJava(x.grad());
        } finally {
            write(grads, parameterGradients, parameterCount());
        }
    }

    @Override
    public int parameterCount() {
        return length(views);
    }

    @Override
    public List<ParamView> parameterViews() {
        return views;
    }

    @Override
    public float[] parameters() {
        return read(params, parameterCount());
    }

    @Override
    public void setParameters(float[] flat) {
        write(params, flat, parameterCount());
        net.parametersChanged();
    }

    @Override
    public float[] gradients() {
        return read(grads, parameterCount());
    }

    @Override
    public List<ParamView> batchNormStateViews() {
        return stateViews;
    }

    @Override
    public float[] batchNormState() {
        return read(state, length(stateViews));
    }

    @Override
    public void setBatchNormState(float[] flat) {
        write(state, flat, length(stateViews));
        net.parametersChanged();
    }

    @Override
    public Map<String, lowbit.tensor.Tensor> activations(lowbit.tensor.Tensor features) {
        return activations(features, ActivationQuantizer.NONE);
    }

    @Override
    public lowbit.tensor.Tensor forward(lowbit.tensor.Tensor features, ActivationQuantizer q) {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            TorchThreads.apply(threads);
            Tensor[] out = net.run(toNative(features), leaves, stateSlices, false, false, quantizing(q));
            return toJava(torch.softmax(out[net.output()], 1));
        }
    }

    @Override
    public Map<String, lowbit.tensor.Tensor> activations(lowbit.tensor.Tensor features, ActivationQuantizer q) {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            TorchThreads.apply(threads);
            Tensor[] out = net.run(toNative(features), leaves, stateSlices, false, true, quantizing(q));
            out[net.output()] = torch.softmax(out[net.output()], 1); // the output layer's activation, as in DL4J
            Map<String, lowbit.tensor.Tensor> acts = new LinkedHashMap<>();
            for (int i = 0; i < out.length; i++) acts.put(net.graph().nodes().get(i).name(), toJava(out[i]));
            return acts;
        }
    }

    /** Fake-quantizes the outputs {@code q} names, on a Java copy (the quantizer is engine-free). */
    private TorchNet.OutputHook quantizing(ActivationQuantizer q) {
        if (q.tensors().isEmpty()) return null;
        return (node, output) -> {
            String name = net.graph().nodes().get(node).name();
            if (!q.tensors().contains(name)) return output;
            lowbit.tensor.Tensor t = toJava(output);
            q.quantize(name, t.data());
            return toNative(t);
        };
    }

    @Override
    public List<GraphNode> graphNodes() {
        return net.graph().graphNodes();
    }

    @Override
    public List<BatchNormFold> foldableBatchNorms() {
        return net.graph().foldableBatchNorms();
    }

    @Override
    public java.util.Optional<ModelGraph> modelGraph() {
        return java.util.Optional.of(net.graph());
    }

    @Override
    public String architecture() {
        return architecture;
    }

    @Override
    public String engineName() {
        return TorchEngine.NAME;
    }

    @Override
    public void reseedNoise(long stream) {
        for (int i = 1; i < net.size(); i++) {
            if (net.op(i) instanceof TorchLayers.RelativeGaussianNoise noise) noise.reseed(stream);
        }
    }

    private static int length(List<ParamView> views) {
        return views.stream().mapToInt(ParamView::length).sum();
    }

    private static Tensor slice(Tensor flat, ParamView v) {
        long[] shape = Arrays.stream(v.shape()).asLongStream().toArray();
        return flat.narrow(0, v.offset(), v.length()).view(shape);
    }

    /** Survives the scope's closing (which only drops the scope's reference); freed when the model is collected. */
    private static Tensor keep(Tensor t) {
        t.retainReference();
        return t;
    }

    private static float[] read(Tensor flat, int length) {
        float[] out = new float[length];
        if (length > 0) flat.data_ptr_float().get(out);
        return out;
    }

    private static void write(Tensor flat, float[] values, int length) {
        if (values.length != length) throw new IllegalArgumentException("expected " + length + " values, got " + values.length);
        if (length > 0) flat.data_ptr_float().put(values);
    }

    private static Tensor toNative(lowbit.tensor.Tensor t) {
        Tensor out = torch.empty(Arrays.stream(t.shape()).asLongStream().toArray());
        out.data_ptr_float().put(t.data());
        return out;
    }

    private static lowbit.tensor.Tensor toJava(Tensor t) {
        Tensor c = t.contiguous();
        int[] shape = new int[(int) c.dim()];
        for (int i = 0; i < shape.length; i++) shape[i] = (int) c.size(i);
        float[] data = new float[(int) c.numel()];
        c.data_ptr_float().get(data);
        return new lowbit.tensor.Tensor(shape, data);
    }
}
