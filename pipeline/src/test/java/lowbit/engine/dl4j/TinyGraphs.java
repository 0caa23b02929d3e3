package lowbit.engine.dl4j;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A tiny graph with every parameter kind, written directly against DL4J so engine tests do not need the zoo. */
final class TinyGraphs {

    static final int CHANNELS = 2;
    static final int SIZE = 6;
    static final int CLASSES = 3;

    private TinyGraphs() {
    }

    /** input 2x6x6 -> conv3x3(3, bias) -> BN -> ReLU -> depthwise3x3(pad 1) -> BN -> maxpool2 -> dense 4 ReLU -> softmax 3. */
    static ComputationGraph convBnDense(long seed, DataType dataType) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(dataType)
                .updater(new NoOp()).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(SIZE, SIZE, CHANNELS))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.IDENTITY)
                        .convolutionMode(ConvolutionMode.Truncate).build(), "in")
                .addLayer("bn1", new BatchNormalization.Builder().useLogStd(false).build(), "conv")
                .addLayer("relu", new ActivationLayer(Activation.RELU), "bn1")
                .addLayer("dw", new DepthwiseConvolution2D.Builder(3, 3).padding(1, 1).nOut(3).hasBias(false)
                        .activation(Activation.IDENTITY).convolutionMode(ConvolutionMode.Truncate).build(), "relu")
                .addLayer("bn2", new BatchNormalization.Builder().useLogStd(false).build(), "dw")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "bn2")
                .addLayer("fc", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "fc")
                .setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }
}
