package lowbit.engine.dl4j;

import java.util.List;

import lowbit.engine.dl4j.layers.BinaryStepActivation;
import lowbit.engine.dl4j.layers.ChannelSubsetVertex;
import lowbit.engine.dl4j.layers.PassThroughPreProcessor;
import lowbit.model.graph.Activation;
import lowbit.model.graph.Add;
import lowbit.model.graph.Average;
import lowbit.model.graph.AvgPool;
import lowbit.model.graph.BatchNorm;
import lowbit.model.graph.ConcatChannels;
import lowbit.model.graph.Conv;
import lowbit.model.graph.Dense;
import lowbit.model.graph.Depthwise;
import lowbit.model.graph.FirstChannels;
import lowbit.model.graph.Flatten;
import lowbit.model.graph.GlobalAvgPool;
import lowbit.model.graph.MaxPool;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.Node;
import lowbit.model.graph.Noise;
import lowbit.model.graph.Nonlinearity;
import lowbit.model.graph.Op;
import lowbit.model.graph.Padding;
import lowbit.model.graph.Shape;
import lowbit.model.graph.SoftmaxOutput;
import lowbit.model.graph.Subsample;
import lowbit.model.graph.Zeros;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Builds DL4J computation graphs from {@link ModelGraph}s, vertex for node with the same names, added in the graph's
 * order so that DL4J lays out the parameters as the graph does. DL4J-specific choices: a batch norm whose only reader
 * is an activation applies it itself when the layers are native ({@link Dl4jLayers}), the activation's vertex passing
 * its input through (names and parameter order unchanged); the classifier ending the graph is DL4J's output layer
 * (softmax and cross-entropy), a {@link SoftmaxOutput} a parameter-free loss layer.
 */
public final class Dl4jNetworks {

    static {
        lowbit.engine.NumericKernels.apply(); // before ND4J loads its native libraries
    }

    private Dl4jNetworks() {
    }

    /** A model whose {@link Dl4jModel#architecture()} is its DL4J configuration (no zoo text). */
    public static Dl4jModel build(ModelGraph graph) {
        return build(graph, null, false);
    }

    public static Dl4jModel build(ModelGraph graph, String architecture) {
        return build(graph, architecture, false);
    }

    /**
     * @param architecture    the zoo text the graph comes from (null: the DL4J configuration stands for it)
     * @param doublePrecision compute in double (reference gradients for checks)
     */
    public static Dl4jModel build(ModelGraph graph, String architecture, boolean doublePrecision) {
        Shape in = graph.inputShape();
        // NoOp: the trainer applies gradients itself, so DL4J's fit() must not have its own optimizer.
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
                .seed(graph.seed())
                .dataType(doublePrecision ? DataType.DOUBLE : DataType.FLOAT)
                .updater(new NoOp())
                .graphBuilder()
                .addInputs(ModelGraph.INPUT)
                .setInputTypes(InputType.convolutional(in.height(), in.width(), in.channels()));
        String output = graph.output().name();
        for (Node n : graph.addedOrder()) {
            if (n.isInput()) continue;
            String[] inputs = n.inputs().toArray(String[]::new);
            Layer layer = fusedIntoBatchNorm(graph, n) ? null : layer(graph, n, n.name().equals(output));
            if (fusedIntoBatchNorm(graph, n)) {
                b.addVertex(n.name(), new PreprocessorVertex(new PassThroughPreProcessor()), inputs);
            } else if (layer != null) {
                b.addLayer(n.name(), layer, inputs);
            } else {
                b.addVertex(n.name(), vertex(graph, n), inputs);
            }
        }
        b.setOutputs(output);
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        return Dl4jModel.wrap(g, architecture, graph);
    }

    /** An activation whose input is a batch norm it alone reads, which the native batch norm applies itself. */
    private static boolean fusedIntoBatchNorm(ModelGraph graph, Node n) {
        return n.op() instanceof Activation && Dl4jLayers.batchNormAppliesActivation() && n.inputs().size() == 1
                && graph.node(n.inputs().get(0)).op() instanceof BatchNorm && graph.consumers(n.inputs().get(0)) == 1;
    }

    /** The DL4J layer of a node, or null for the nodes that are vertices. */
    private static Layer layer(ModelGraph graph, Node n, boolean isOutput) {
        Op op = n.op();
        if (op instanceof Conv c) {
            ConvolutionMode mode = mode(graph, n, c.kernel(), c.stride(), c.padding());
            return Dl4jLayers.conv(c.out(), c.kernel(), c.stride(), explicitPadding(mode, c.padding()), mode, c.bias());
        } else if (op instanceof Depthwise d) {
            ConvolutionMode mode = mode(graph, n, d.kernel(), d.stride(), d.padding());
            return Dl4jLayers.depthwise(d.channels(), d.kernel(), d.stride(), explicitPadding(mode, d.padding()), mode, d.bias());
        } else if (op instanceof BatchNorm bn) {
            String reader = onlyReader(graph, n.name());
            if (reader != null && fusedIntoBatchNorm(graph, graph.node(reader))) {
                return Dl4jLayers.batchNorm(bn.eps(), activation(((Activation) graph.node(reader).op()).function()));
            }
            return Dl4jLayers.batchNorm(bn.eps());
        } else if (op instanceof Activation a) {
            return Dl4jLayers.activation(activation(a.function()));
        } else if (op instanceof MaxPool m) {
            return Dl4jLayers.maxPool(m.size());
        } else if (op instanceof AvgPool a) {
            return Dl4jLayers.averagePool(a.kernel(), a.stride());
        } else if (op instanceof Subsample s) {
            return Dl4jLayers.subsample(s.stride());
        } else if (op instanceof GlobalAvgPool) {
            return Dl4jLayers.globalAveragePool();
        } else if (op instanceof Dense d) {
            if (isOutput) return Dl4jLayers.softmaxClassifier(d.out());
            return Dl4jLayers.dense(d.out(), activation(d.function()), d.function() == Nonlinearity.IDENTITY);
        } else if (op instanceof Noise noise) {
            return Dl4jLayers.relativeGaussianNoise(noise.scale(), noise.seed());
        } else if (op instanceof SoftmaxOutput) {
            if (!isOutput) throw new IllegalArgumentException(n.name() + ": a softmax output must end the graph");
            return Dl4jLayers.softmaxLoss();
        }
        return null;
    }

    private static GraphVertex vertex(ModelGraph graph, Node n) {
        Op op = n.op();
        if (op instanceof Add) return new ElementWiseVertex(ElementWiseVertex.Op.Add);
        if (op instanceof Average) return new ElementWiseVertex(ElementWiseVertex.Op.Average);
        if (op instanceof Zeros) return new ScaleVertex(0);
        if (op instanceof FirstChannels f) return new ChannelSubsetVertex(0, f.count() - 1);
        if (op instanceof ConcatChannels) return new MergeVertex();
        if (op instanceof Flatten) {
            Shape s = graph.shape(n.inputs().get(0));
            return new PreprocessorVertex(new CnnToFeedForwardPreProcessor(s.height(), s.width(), s.channels()));
        }
        throw new IllegalArgumentException("the DL4J engine has no vertex for " + n.name() + " = " + op);
    }

    /**
     * Symmetric padding pads explicitly ({@link ConvolutionMode#Truncate}); TensorFlow {@code same} padding is DL4J's
     * {@link ConvolutionMode#Same}; any other padding has no DL4J equivalent.
     */
    private static ConvolutionMode mode(ModelGraph graph, Node n, int kernel, int stride, Padding p) {
        if (p.isSymmetric()) return ConvolutionMode.Truncate;
        Shape in = graph.shape(n.inputs().get(0));
        if (p.equals(Padding.same(in.height(), in.width(), kernel, stride))) return ConvolutionMode.Same;
        throw new IllegalArgumentException(n.name() + ": the DL4J engine pads symmetrically or as TensorFlow's same, not " + p);
    }

    private static int explicitPadding(ConvolutionMode mode, Padding p) {
        return mode == ConvolutionMode.Same ? 0 : p.top();
    }

    private static String onlyReader(ModelGraph graph, String name) {
        List<Node> readers = graph.nodes().stream().filter(m -> m.inputs().contains(name)).toList();
        return readers.size() == 1 ? readers.get(0).name() : null;
    }

    static IActivation activation(Nonlinearity f) {
        return switch (f) {
            case IDENTITY -> new ActivationIdentity();
            case RELU -> new ActivationReLU();
            case RELU6 -> new ActivationReLU6();
            case BINARY_STEP -> new BinaryStepActivation();
        };
    }
}
