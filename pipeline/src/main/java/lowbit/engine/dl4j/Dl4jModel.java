package lowbit.engine.dl4j;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lowbit.engine.ActivationQuantizer;
import lowbit.model.graph.BatchNormFold;
import lowbit.model.graph.GraphNode;
import lowbit.model.graph.ParamView;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link TrainableModel} on a DL4J {@link ComputationGraph} with one input and one softmax/cross-entropy output.
 * The graph's own updater is not used: callers apply {@link #gradients()} themselves.
 */
public final class Dl4jModel implements TrainableModel {

    static {
        lowbit.engine.NumericKernels.apply(); // before the native libraries load
    }

    private static final Method BACKPROP = backpropMethod();

    private final ComputationGraph graph;
    private final String architecture;
    private final lowbit.model.graph.ModelGraph modelGraph;
    private final Dl4jParamLayout layout;
    private final int numClasses;
    private float[] gradients;

    private Dl4jModel(ComputationGraph graph, String architecture, lowbit.model.graph.ModelGraph modelGraph) {
        this.graph = graph;
        this.architecture = architecture;
        this.modelGraph = modelGraph;
        this.layout = Dl4jParamLayout.of(graph);
        this.numClasses = outputWidth(graph.getConfiguration());
        this.gradients = new float[layout.trainableLength()];
    }

    /**
     * Wraps an initialized graph; the model and the graph share their parameters. Its {@link #architecture()} is the
     * graph's DL4J configuration (JSON).
     */
    /** The DL4J model {@code model} is; {@code who} names what needs one, for the error when it is another engine's. */
    public static Dl4jModel of(TrainableModel model, String who) {
        if (model instanceof Dl4jModel d) {
            return d;
        }
        throw new IllegalArgumentException(who + " trains DL4J graphs, not a " + model.getClass().getSimpleName());
    }

    public static Dl4jModel wrap(ComputationGraph graph) {
        return wrap(graph, null, null);
    }

    /**
     * As {@link #wrap(ComputationGraph)}, with the model graph the DL4J graph was built from and its zoo architecture
     * text (null: the DL4J configuration stands for it).
     */
    static Dl4jModel wrap(ComputationGraph graph, String architecture, lowbit.model.graph.ModelGraph modelGraph) {
        if (graph.getNumInputArrays() != 1 || graph.getNumOutputArrays() != 1) {
            throw new IllegalArgumentException("expected one input and one output");
        }
        return new Dl4jModel(graph, architecture, modelGraph);
    }

    /** A model DL4J's ModelSerializer wrote (also with lowbit's layers under their old package name). */
    public static Dl4jModel load(Path file) throws IOException {
        return wrap(Dl4jZipFiles.read(file));
    }

    /** The wrapped graph, for DL4J-specific code only (e.g. layer replacement); trainers must not need it. */
    public ComputationGraph graph() {
        return graph;
    }

    public int numClasses() {
        return numClasses;
    }

    @Override
    public Tensor forward(Tensor features) {
        return toTensor(graph.output(false, toArray(features))[0]);
    }

    @Override
    public double forwardBackward(Tensor features, int[] labels) {
        return forwardBackward(features, Tensor.oneHot(labels, features.dim(0), numClasses));
    }

    /**
     * DL4J's training pass always runs batch norm in training mode, so this runs an inference forward pass that
     * keeps the layers' inputs, then the graph's own backward pass (a protected method, hence reflection), and
     * reads the gradient DL4J leaves on the input vertex. Workspaces are off meanwhile: the backward pass closes
     * the workspace that gradient would live in before it returns.
     */
    @Override
    public Tensor inputGradient(Tensor features, int[] labels) {
        requireInferenceBackprop();
        ComputationGraphConfiguration conf = graph.getConfiguration();
        WorkspaceMode training = conf.getTrainingWorkspaceMode();
        WorkspaceMode inference = conf.getInferenceWorkspaceMode();
        conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
        conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
        try {
            graph.setLabels(toArray(Tensor.oneHot(labels, features.dim(0), numClasses)));
            graph.feedForward(new INDArray[] {toArray(features)}, false, false);
            BACKPROP.invoke(graph, false, false, new INDArray[0]);
            return toTensor(graph.getVertex(conf.getNetworkInputs().get(0)).getEpsilon());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DL4J's backward pass failed", e instanceof InvocationTargetException i ? i.getCause() : e);
        } finally {
            conf.setTrainingWorkspaceMode(training);
            conf.setInferenceWorkspaceMode(inference);
            graph.clearLayersStates();
        }
    }

    /** DL4J's stock batch norm backpropagates as in training even after an inference forward pass. */
    private void requireInferenceBackprop() {
        for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
            if (layer.getClass() == org.deeplearning4j.nn.layers.normalization.BatchNormalization.class) {
                throw new UnsupportedOperationException("input gradients need lowbit's native batch norm, but layer '"
                        + layer.conf().getLayer().getLayerName() + "' is DL4J's stock one (built with -Dlowbit.layers=stock?)");
            }
        }
    }

    private static Method backpropMethod() {
        try {
            Method m = ComputationGraph.class.getDeclaredMethod("calcBackpropGradients", boolean.class, boolean.class, INDArray[].class);
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * DL4J's output layer computes softmax and cross-entropy itself, whose gradient with respect to the logits of the
     * summed loss is {@code softmax(z) - labels}, linear in the labels. So a training-mode forward pass gives the logits,
     * {@code loss} their gradient g (of the mean loss), and DL4J's own pass with the labels {@code softmax(z) - N g}
     * backpropagates exactly g. The noise layers (EnResNet) replay their draws in the second pass.
     */
    @Override
    public double forwardBackward(Tensor features, LogitLoss loss) {
        int n = features.dim(0);
        INDArray x = toArray(features);
        Map<String, INDArray> acts = graph.feedForward(new INDArray[] {x}, true, false);
        String output = graph.getConfiguration().getNetworkOutputs().get(0);
        Tensor logits = toTensor(trainingLogits(acts, output));
        graph.clearLayersStates();
        float[] g = new float[logits.data().length];
        double value = loss.lossAndGradient(logits, g);
        int classes = logits.dim(1);
        float[] labels = new float[g.length];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) max = Math.max(max, logits.data()[i * classes + k]);
            double sum = 0;
            for (int k = 0; k < classes; k++) sum += Math.exp(logits.data()[i * classes + k] - max);
            for (int k = 0; k < classes; k++) {
                labels[i * classes + k] = (float) (Math.exp(logits.data()[i * classes + k] - max) / sum - (double) n * g[i * classes + k]);
            }
        }
        if (noiseStream != null) reseedNoise(noiseStream);
        forwardBackward(features, Tensor.of(labels, n, classes));
        return value;
    }

    /** The logits of a training-mode pass, from the activations feeding the output vertex. */
    private INDArray trainingLogits(Map<String, INDArray> acts, String output) {
        GraphVertex v = graph.getVertex(output);
        INDArray in = acts.get(graph.getConfiguration().getVertexInputs().get(output).get(0));
        if (v.getLayer() instanceof org.deeplearning4j.nn.layers.LossLayer) return in;
        if (v.getLayer() instanceof org.deeplearning4j.nn.layers.BaseOutputLayer<?> dense) {
            INDArray x = in.rank() == 2 ? in : in.reshape('c', in.size(0), in.length() / in.size(0));
            return x.mmul(dense.getParam("W")).addiRowVector(dense.getParam("b"));
        }
        throw new IllegalStateException("the output vertex " + output + " is neither an output nor a loss layer");
    }

    @Override
    public double forwardBackward(Tensor features, Tensor labels) {
        int n = features.dim(0);
        if (labels.rank() != 2 || labels.dim(0) != n || labels.dim(1) != numClasses) {
            throw new IllegalArgumentException("labels must be [" + n + ", " + numClasses + "], got " + Arrays.toString(labels.shape()));
        }
        graph.setInputs(toArray(features));
        graph.setLabels(toArray(labels));
        graph.computeGradientAndScore();
        double loss = graph.score();
        float[] raw = FloatCopies.read(graph.getGradientsViewArray());
        // DL4J puts the batch-norm moving-average step into the "gradient" of mean/var: state -= that step.
        float[] all = FloatCopies.read(graph.params());
        float[] state = layout.gatherState(all);
        if (state.length > 0) {
            float[] step = layout.gatherState(raw);
            for (int i = 0; i < state.length; i++) state[i] -= step[i];
            layout.scatterState(state, all);
            assignAll(all);
        }
        // DL4J's gradient is that of the summed loss; the updater would divide by the batch size.
        float[] g = layout.gatherTrainable(raw);
        float inv = 1f / n;
        for (int i = 0; i < g.length; i++) g[i] *= inv;
        gradients = g;
        graph.clearLayersStates();
        return loss;
    }

    @Override
    public int parameterCount() {
        return layout.trainableLength();
    }

    @Override
    public List<ParamView> parameterViews() {
        return layout.trainableViews();
    }

    @Override
    public float[] parameters() {
        return layout.gatherTrainable(FloatCopies.read(graph.params()));
    }

    @Override
    public void setParameters(float[] flat) {
        float[] all = FloatCopies.read(graph.params());
        layout.scatterTrainable(flat, all);
        assignAll(all);
    }

    @Override
    public float[] gradients() {
        return gradients.clone();
    }

    @Override
    public List<ParamView> batchNormStateViews() {
        return layout.stateViews();
    }

    @Override
    public float[] batchNormState() {
        return layout.gatherState(FloatCopies.read(graph.params()));
    }

    @Override
    public void setBatchNormState(float[] flat) {
        float[] all = FloatCopies.read(graph.params());
        layout.scatterState(flat, all);
        assignAll(all);
    }

    @Override
    public Map<String, Tensor> activations(Tensor features) {
        Map<String, INDArray> raw = graph.feedForward(toArray(features), false);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i : graph.topologicalSortOrder()) {
            String name = graph.getVertices()[i].getVertexName();
            INDArray a = raw.get(name);
            if (a != null) out.put(name, toTensor(a));
        }
        graph.clearLayersStates();
        return out;
    }

    @Override
    public Tensor forward(Tensor features, ActivationQuantizer q) {
        if (q.tensors().isEmpty()) return forward(features);
        Map<String, Tensor> out = run(features, q, false);
        return out.get(graph.getConfiguration().getNetworkOutputs().get(0));
    }

    @Override
    public Map<String, Tensor> activations(Tensor features, ActivationQuantizer q) {
        if (q.tensors().isEmpty()) return activations(features);
        return run(features, q, true);
    }

    /**
     * An inference pass vertex by vertex in topological order, each output fake-quantized (when {@code q} names it)
     * before its consumers get it. Without workspaces, so that every output stays valid while later vertices run.
     *
     * @param keepAll return every vertex's output, else only the network output's
     */
    private Map<String, Tensor> run(Tensor features, ActivationQuantizer q, boolean keepAll) {
        return run(features, q, keepAll, false);
    }

    /**
     * The logits of a batch in inference mode: what the output layer computes before its softmax (the input of a
     * parameter-free loss layer).
     */
    @Override
    public Tensor logits(Tensor features) {
        return run(features, ActivationQuantizer.NONE, false, true).get(graph.getConfiguration().getNetworkOutputs().get(0));
    }

    /** @param logits the output vertex gives its pre-softmax values */
    private Map<String, Tensor> run(Tensor features, ActivationQuantizer q, boolean keepAll, boolean logits) {
        LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
        GraphVertex[] vertices = graph.getVertices();
        String output = graph.getConfiguration().getNetworkOutputs().get(0);
        Map<String, Tensor> out = new LinkedHashMap<>();
        INDArray input = toArray(features);
        graph.setInputs(input); // vertices with a preprocessor read the batch size from the graph's input
        try {
            for (int i : graph.topologicalSortOrder()) {
                GraphVertex v = vertices[i];
                String name = v.getVertexName();
                INDArray a = v.isInputVertex() ? input
                        : logits && name.equals(output) ? preSoftmax(v, noWorkspaces) : v.doForward(false, noWorkspaces);
                if (q.tensors().contains(name)) {
                    Tensor t = toTensor(a);
                    q.quantize(name, t.data());
                    a = toArray(t);
                }
                if (keepAll || name.equals(output)) out.put(name, toTensor(a));
                if (v.getOutputVertices() != null) {
                    for (VertexIndices to : v.getOutputVertices()) {
                        vertices[to.getVertexIndex()].setInput(to.getVertexEdgeNumber(), a, noWorkspaces);
                    }
                }
            }
            return out;
        } finally {
            graph.clearLayersStates();
        }
    }

    private static INDArray preSoftmax(GraphVertex output, LayerWorkspaceMgr workspaces) {
        org.deeplearning4j.nn.api.Layer layer = output.getLayer();
        if (layer instanceof org.deeplearning4j.nn.layers.LossLayer) return output.getInputs()[0];
        if (layer instanceof org.deeplearning4j.nn.layers.BaseOutputLayer<?> dense) { // softmax(x W + b): its x W + b
            INDArray x = output.getInputs()[0];
            if (x.rank() != 2) x = x.reshape('c', x.size(0), x.length() / x.size(0));
            return x.mmul(dense.getParam("W")).addiRowVector(dense.getParam("b"));
        }
        throw new IllegalStateException("the output vertex " + output.getVertexName() + " is neither an output nor a loss layer");
    }

    @Override
    public List<GraphNode> graphNodes() {
        return Dl4jGraphNodes.of(graph);
    }

    @Override
    public List<BatchNormFold> foldableBatchNorms() {
        return Dl4jBatchNormFolds.of(graph.getConfiguration());
    }

    @Override
    public java.util.Optional<lowbit.model.graph.ModelGraph> modelGraph() {
        return java.util.Optional.ofNullable(modelGraph);
    }

    /** The zoo architecture text this model was built from, or its DL4J configuration JSON (a model read from a DL4J zip). */
    @Override
    public String architecture() {
        return architecture != null ? architecture : graph.getConfiguration().toJson();
    }

    /** A new, initialized graph of a {@link #architecture()} JSON. */
    public static Dl4jModel fromArchitecture(String json) {
        ComputationGraph g = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
        g.init();
        return wrap(g);
    }

    @Override
    public String engineName() {
        return Dl4jEngine.NAME;
    }

    /** Writes DL4J's own zip (ModelSerializer): only what needs DL4J's format; lowbit writes model files ({@link lowbit.engine.ModelFiles}). */
    public void saveDl4jZip(Path file) throws IOException {
        ModelSerializer.writeModel(graph, file.toFile(), false);
    }

    /** The stream of the last {@link #reseedNoise}, which a pass that runs the network twice replays. */
    private Long noiseStream;

    @Override
    public void reseedNoise(long stream) {
        noiseStream = stream;
        for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
            if (layer instanceof lowbit.engine.dl4j.layers.RelativeGaussianNoiseLayer noise) {
                noise.reseed(stream);
            }
        }
    }

    private void assignAll(float[] all) {
        FloatCopies.write(all, graph.params());
    }

    private INDArray toArray(Tensor t) {
        long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
        return FloatCopies.create(t.data(), shape, graph.params().dataType());
    }

    private static Tensor toTensor(INDArray a) {
        int[] shape = Arrays.stream(a.shape()).mapToInt(Math::toIntExact).toArray();
        float[] data = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
        return new Tensor(shape, Arrays.copyOf(data, (int) a.length()));
    }

    /** Number of classes: nOut of the output layer, or of what feeds a parameter-free loss layer. */
    private static int outputWidth(ComputationGraphConfiguration conf) {
        String name = conf.getNetworkOutputs().get(0);
        for (int guard = 0; guard < conf.getVertices().size(); guard++) {
            if (conf.getVertices().get(name) instanceof LayerVertex lv
                    && lv.getLayerConf().getLayer() instanceof FeedForwardLayer ff && ff.getNOut() > 0) {
                return Math.toIntExact(ff.getNOut());
            }
            name = conf.getVertexInputs().get(name).get(0);
        }
        throw new IllegalArgumentException("cannot find the number of classes of the graph");
    }
}
