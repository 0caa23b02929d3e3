package lowbit.tensor.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lowbit.tensor.ChannelLayout;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

@Tag("unit")
class Dl4jWeightsTest {

    private static INDArray fOrderDense() {
        return Nd4j.create(new float[][] {{1f, 2f, 3f}, {4f, 5f, 6f}}).dup('f');
    }

    @Test
    void readsAnFOrderArrayInLogicalCOrder() {
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, Dl4jWeights.toFloats(fOrderDense()));
    }

    @Test
    void readsAViewIntoALargerBuffer() {
        INDArray flat = Nd4j.create(new float[] {9f, 1f, 2f, 3f, 4f, 9f});
        INDArray view = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 5)).reshape('f', 2, 2);
        assertArrayEquals(new float[] {1f, 3f, 2f, 4f}, Dl4jWeights.toFloats(view));
    }

    @Test
    void addsAndAssignsInLogicalOrderAndKeepsTheDataType() {
        INDArray target = fOrderDense().castTo(DataType.DOUBLE);
        Dl4jWeights.addTo(target, new float[] {1f, 0f, 0f, 0f, 0f, -1f});
        assertArrayEquals(new float[] {2f, 2f, 3f, 4f, 5f, 5f}, Dl4jWeights.toFloats(target));
        assertEquals(DataType.DOUBLE, target.dataType());
        Dl4jWeights.assign(target, new float[] {0f, 1f, 2f, 3f, 4f, 5f});
        assertEquals(3.0, target.getDouble(1, 0), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Dl4jWeights.addTo(target, new float[5]));
    }

    @Test
    void layoutsFollowDl4jWeightShapes() {
        INDArray dense = Nd4j.zeros(2, 3);
        assertEquals(3, Dl4jWeights.layout(dense, WeightChannels.OUTPUT).channels());
        assertEquals(1, Dl4jWeights.layout(dense, WeightChannels.OUTPUT).channelOf(4));
        assertEquals(2, Dl4jWeights.layout(dense, WeightChannels.INPUT).channels());
        INDArray conv = Nd4j.zeros(4, 3, 2, 2);
        assertEquals(4, Dl4jWeights.layout(conv, WeightChannels.OUTPUT).channels());
        assertEquals(3, Dl4jWeights.layout(conv, WeightChannels.INPUT).channels());
        assertEquals(1, Dl4jWeights.layout(conv, WeightChannels.WHOLE).channels());
        assertEquals(6, Dl4jWeights.layout(Nd4j.zeros(3, 3, 2, 3), WeightChannels.DEPTHWISE_OUTPUT).channels());
    }

    @Test
    void rejectsChannelsThatTheShapeDoesNotHave() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dl4jWeights.layout(Nd4j.zeros(1, 5).reshape(5), WeightChannels.OUTPUT));
        assertTrue(e.getMessage().contains("[5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Dl4jWeights.layout(Nd4j.zeros(2, 3), WeightChannels.DEPTHWISE_OUTPUT));
    }
    /** Sets one weight at a time to 1 (others 0) and checks that only its layout channel responds. */
    private static void assertOutputChannelsMatchForwardPass(Layer layer, InputType inputType, INDArray ones) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(layer).setInputType(inputType).build());
        net.init();
        INDArray w = net.getLayer(0).getParam("W");
        WeightChannels channels = layer instanceof DepthwiseConvolution2D
                ? WeightChannels.DEPTHWISE_OUTPUT : WeightChannels.OUTPUT;
        ChannelLayout layout = Dl4jWeights.layout(w, channels);
        for (int i = 0; i < layout.length(); i++) {
            float[] oneHot = new float[layout.length()];
            oneHot[i] = 1f;
            Dl4jWeights.assign(w, oneHot);
            float[] out = Dl4jWeights.toFloats(net.output(ones));
            for (int c = 0; c < out.length; c++) {
                assertEquals(c == layout.channelOf(i) ? 1f : 0f, out[c], 0f, "weight " + i + ", channel " + c);
            }
        }
    }

    @Test
    void outputChannelsMatchDl4jsForwardPass() {
        assertOutputChannelsMatchForwardPass(new DenseLayer.Builder().nIn(3).nOut(2).hasBias(false)
                .activation(Activation.IDENTITY).build(), InputType.feedForward(3), Nd4j.ones(DataType.FLOAT, 1, 3));
        assertOutputChannelsMatchForwardPass(new ConvolutionLayer.Builder(1, 1).nIn(2).nOut(3).hasBias(false)
                .activation(Activation.IDENTITY).build(), InputType.convolutional(1, 1, 2),
                Nd4j.ones(DataType.FLOAT, 1, 2, 1, 1));
        assertOutputChannelsMatchForwardPass(new DepthwiseConvolution2D.Builder(1, 1).nIn(2).depthMultiplier(3)
                .hasBias(false).activation(Activation.IDENTITY).build(), InputType.convolutional(1, 1, 2),
                Nd4j.ones(DataType.FLOAT, 1, 2, 1, 1));
    }
}
