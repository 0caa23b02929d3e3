package lowbit.model;

import lowbit.engine.dl4j.LayerImpl;
import lowbit.engine.dl4j.Dl4jLayers;
import org.deeplearning4j.nn.conf.ConvolutionMode;

import lowbit.engine.dl4j.Dl4jNetworks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.function.Supplier;

import lowbit.engine.dl4j.Dl4jModel;
import lowbit.engine.dl4j.layers.NativeBatchNorm;
import lowbit.engine.dl4j.layers.NativeConvolution;
import lowbit.engine.dl4j.layers.NativeDepthwiseConvolution;
import lowbit.engine.dl4j.layers.NativePooling;
import lowbit.testdata.RandomBatch;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU6;

@Tag("unit")
class LayerImplTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(LayerImpl.PROPERTY);
    }

    @Test
    void nativeLayersByDefaultStockOnRequest() {
        assertSame(NativeConvolution.class, Dl4jLayers.conv(4, 3, 1, 1, ConvolutionMode.Truncate, false).getClass());
        assertSame(NativeDepthwiseConvolution.class, Dl4jLayers.depthwise(4, 3, 1, 1, ConvolutionMode.Truncate, false).getClass());
        assertSame(NativeBatchNorm.class, Dl4jLayers.batchNorm(1e-5).getClass());
        assertSame(NativePooling.class, Dl4jLayers.maxPool(2).getClass());
        assertSame(NativePooling.class, Dl4jLayers.subsample(2).getClass());
        System.setProperty(LayerImpl.PROPERTY, "stock");
        assertSame(ConvolutionLayer.class, Dl4jLayers.conv(4, 3, 1, 1, ConvolutionMode.Truncate, false).getClass());
        assertSame(DepthwiseConvolution2D.class, Dl4jLayers.depthwise(4, 3, 1, 1, ConvolutionMode.Truncate, false).getClass());
        assertSame(BatchNormalization.class, Dl4jLayers.batchNorm(1e-5).getClass());
        assertSame(SubsamplingLayer.class, Dl4jLayers.maxPool(2).getClass());
        assertSame(SubsamplingLayer.class, Dl4jLayers.subsample(2).getClass());
    }

    @Test
    void leNetIsTheSameFunctionOnBothImplementations() {
        assertSameModel(() -> Dl4jNetworks.build(LeNet.graph(ModelSpec.of(6, 1, 32, 32, 10)), null, true), 1);
    }

    @Test
    void resNetIsTheSameFunctionOnBothImplementations() {
        assertSameModel(() -> Dl4jNetworks.build(ResNet20.graph(ModelSpec.of(3, 3, 16, 16, 10)), null, true), 3);
    }

    @Test
    void preActResNetIsTheSameFunctionOnBothImplementations() {
        assertSameModel(() -> Dl4jNetworks.build(PreActResNet20.graph(ModelSpec.of(5, 3, 8, 8, 10), Shortcut.PROJECTION), null, true), 3);
    }

    /** Native batch norm applies the activation after it; the activation's vertex stays, passing its input through. */
    @Test
    void nativeBatchNormAppliesTheFollowingActivation() {
        ComputationGraphConfiguration conf = Dl4jNetworks.build(MobileNetV1.graph(ModelSpec.of(4, 1, 32, 32, 2), 0.25, SeparableBlock.ORIGINAL))
                .graph().getConfiguration();
        assertInstanceOf(ActivationReLU6.class, ((NativeBatchNorm) ((LayerVertex) conf.getVertices().get("b1.dw_bn")).getLayerConf().getLayer()).getActivationFn());
        assertInstanceOf(PreprocessorVertex.class, conf.getVertices().get("b1.dw_act"));
        System.setProperty(LayerImpl.PROPERTY, "stock");
        conf = Dl4jNetworks.build(MobileNetV1.graph(ModelSpec.of(4, 1, 32, 32, 2), 0.25, SeparableBlock.ORIGINAL)).graph().getConfiguration();
        assertInstanceOf(ActivationLayer.class, ((LayerVertex) conf.getVertices().get("b1.dw_act")).getLayerConf().getLayer());
    }

    @Test
    void mobileNetIsTheSameFunctionOnBothImplementations() {
        assertSameModel(() -> Dl4jNetworks.build(MobileNetV1.graph(ModelSpec.of(4, 1, 32, 32, 2), 0.25, SeparableBlock.ORIGINAL), null, true), 1);
    }

    /** Same parameters, loss and gradients in double precision, whichever layers the zoo is built from. */
    private static void assertSameModel(Supplier<Dl4jModel> build, int channels) {
        System.setProperty(LayerImpl.PROPERTY, "stock");
        Dl4jModel stock = build.get();
        System.setProperty(LayerImpl.PROPERTY, "native");
        Dl4jModel ours = build.get();
        assertArrayEquals(stock.parameters(), ours.parameters());
        int size = channels == 3 ? 16 : 32;
        RandomBatch b = RandomBatch.of(9, 6, channels, size, size, stock.numClasses());
        assertEquals(stock.forwardBackward(b.features(), b.labels()), ours.forwardBackward(b.features(), b.labels()), 1e-9);
        float[] expected = stock.gradients();
        float[] actual = ours.gradients();
        float scale = 0;
        for (float g : expected) scale = Math.max(scale, Math.abs(g));
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-6 * scale, "gradient " + i);
        assertArrayEquals(stock.batchNormState(), ours.batchNormState(), 1e-6f);
    }
}
