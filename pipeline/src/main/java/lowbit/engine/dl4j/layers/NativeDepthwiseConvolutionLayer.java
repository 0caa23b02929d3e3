package lowbit.engine.dl4j.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.DepthwiseConvolution2DLayer;
import org.deeplearning4j.nn.params.DepthwiseConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime of {@link NativeDepthwiseConvolution}: {@code depthwise_conv2d} and {@code depthwise_conv2d_bp}. */
public class NativeDepthwiseConvolutionLayer extends DepthwiseConvolution2DLayer {

    public NativeDepthwiseConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray z = preOutput(training, false, workspaceMgr).getFirst();
        return layerConf().getActivationFn().getActivation(z, training);
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        DepthwiseConvolution2D c = depthwiseConf();
        INDArray w = getParamWithNoise(DepthwiseConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        if (input.rank() != 4 || input.size(1) != w.size(2)) {
            throw new IllegalArgumentException("expected [N, " + w.size(2) + ", H, W] input, got " + input.shapeInfoToString() + " " + layerId());
        }
        INDArray x = input.castTo(w.dataType());
        long[] outShape = {x.size(0), w.size(2) * w.size(3),
                NativeOps.outSize(x.size(2), c.getKernelSize()[0], c.getStride()[0], c.getPadding()[0], c.getDilation()[0], convolutionMode),
                NativeOps.outSize(x.size(3), c.getKernelSize()[1], c.getStride()[1], c.getPadding()[1], c.getDilation()[1], convolutionMode)};
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, w.dataType(), outShape, 'c');
        INDArray[] inputs = c.hasBias()
                ? new INDArray[] {x, w, getParamWithNoise(DepthwiseConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr)}
                : new INDArray[] {x, w};
        NativeOps.exec("depthwise_conv2d", inputs, new INDArray[] {out}, args());
        return new Pair<>(out, null);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        DepthwiseConvolution2D c = depthwiseConf();
        INDArray w = getParamWithNoise(DepthwiseConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray x = input.castTo(w.dataType());
        IActivation afn = c.getActivationFn();
        // Only a non-linear activation needs the pre-activation, hence a second forward convolution.
        INDArray delta = afn instanceof ActivationIdentity ? epsilon.castTo(w.dataType())
                : afn.backprop(preOutput(true, true, workspaceMgr).getFirst(), epsilon).getFirst();
        INDArray bias = c.hasBias() ? getParamWithNoise(DepthwiseConvolutionParamInitializer.BIAS_KEY, true, workspaceMgr) : null;
        Pair<Gradient, INDArray> result = ConvolutionBackprop.run("depthwise_conv2d_bp", x, w, bias, delta, gradientViews, args(), workspaceMgr);
        weightNoiseParams.clear();
        return new Pair<>(result.getFirst(), backpropDropOutIfPresent(result.getSecond()));
    }

    private DepthwiseConvolution2D depthwiseConf() {
        return (DepthwiseConvolution2D) layerConf();
    }

    private int[] args() {
        DepthwiseConvolution2D c = depthwiseConf();
        return NativeOps.convArgs(c.getKernelSize(), c.getStride(), c.getPadding(), c.getDilation(), convolutionMode,
                NativeOps.WEIGHTS_HWIO);
    }
}
