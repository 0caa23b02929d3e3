package lowbit.model;

import lowbit.engine.dl4j.Dl4jModel;
import lowbit.model.layers.PassThroughPreProcessor;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Builds a DL4J computation graph from the input "input" onwards; each add without explicit inputs
 * consumes the previously added vertex, so sequential parts read like a list of layers.
 */
final class GraphAssembler {

    static final String INPUT = "input";

    private final ComputationGraphConfiguration.GraphBuilder builder;
    private final ModelSpec spec;
    private String last = INPUT;

    GraphAssembler(ModelSpec spec) {
        this.spec = spec;
        // NoOp: the trainer applies gradients itself, so DL4J's fit() must not have its own optimizer.
        this.builder = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(spec.doublePrecision() ? DataType.DOUBLE : DataType.FLOAT)
                .updater(new NoOp())
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(spec.height(), spec.width(), spec.channels()));
    }

    ModelSpec spec() {
        return spec;
    }

    String last() {
        return last;
    }

    /**
     * Adds a layer fed by {@code inputs}, or by the last added vertex when none are given; its ReLU becomes the
     * spec's hidden activation.
     */
    String layer(String name, Layer layer, String... inputs) {
        builder.addLayer(name, spec.activation().apply(layer), inputs.length == 0 ? new String[] {last} : inputs);
        last = name;
        return name;
    }

    /**
     * Adds batch norm {@code bn} followed by {@code activation} (ReLU or ReLU6, which the spec's hidden activation may
     * replace) as vertex {@code act}. When batch norm can apply the activation itself, {@code act} is a pass-through
     * vertex, which keeps the vertex names and the parameter order of a separate activation layer.
     */
    String batchNormThen(String bn, Activation activation, String act, String... inputs) {
        if (Layers.batchNormAppliesActivation()) {
            layer(bn, Layers.batchNorm(activation), inputs);
            return vertex(act, new PreprocessorVertex(new PassThroughPreProcessor()));
        }
        layer(bn, Layers.batchNorm(), inputs);
        return layer(act, Layers.activation(activation));
    }

    /** Adds a parameter-free vertex fed by {@code inputs}, or by the last added vertex when none are given. */
    String vertex(String name, GraphVertex vertex, String... inputs) {
        builder.addVertex(name, vertex, inputs.length == 0 ? new String[] {last} : inputs);
        last = name;
        return name;
    }

    /** Initializes the graph with output {@code output} and wraps it. */
    Dl4jModel build(String output) {
        builder.setOutputs(output);
        ComputationGraph graph = new ComputationGraph(builder.build());
        graph.init();
        return Dl4jModel.wrap(graph);
    }
}
