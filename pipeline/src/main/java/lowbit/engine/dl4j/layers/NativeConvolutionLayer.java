package lowbit.engine.dl4j.layers;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime of {@link NativeConvolution}: forward {@code conv2d}, backward {@code conv2d_bp}, both in libnd4j. */
public class NativeConvolutionLayer extends ConvolutionLayer {

    public NativeConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
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
        validateInputRank();
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        validateInputDepth(c.getNIn());
        INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray x = input.castTo(w.dataType());
        long[] outShape = {x.size(0), c.getNOut(),
                NativeOps.outSize(x.size(2), c.getKernelSize()[0], c.getStride()[0], c.getPadding()[0], c.getDilation()[0], convolutionMode),
                NativeOps.outSize(x.size(3), c.getKernelSize()[1], c.getStride()[1], c.getPadding()[1], c.getDilation()[1], convolutionMode)};
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, w.dataType(), outShape, 'c');
        INDArray[] inputs = c.hasBias()
                ? new INDArray[] {x, w, getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr)}
                : new INDArray[] {x, w};
        NativeOps.exec("conv2d", inputs, new INDArray[] {out}, args());
        return new Pair<>(out, null);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray x = input.castTo(w.dataType());
        IActivation afn = c.getActivationFn();
        // Only a non-linear activation needs the pre-activation, hence a second forward convolution.
        INDArray delta = afn instanceof ActivationIdentity ? epsilon.castTo(w.dataType())
                : afn.backprop(preOutput(true, true, workspaceMgr).getFirst(), epsilon).getFirst();
        INDArray bias = c.hasBias() ? getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, true, workspaceMgr) : null;
        Pair<Gradient, INDArray> result = splitBackprop(delta)
                ? ConvolutionBackprop.runSplit(x, w, bias, delta, c.getPadding(), gradientViews, workspaceMgr)
                : ConvolutionBackprop.run("conv2d_bp", x, w, bias, delta, gradientViews, args(), workspaceMgr);
        weightNoiseParams.clear();
        return new Pair<>(result.getFirst(), backpropDropOutIfPresent(result.getSecond()));
    }

    /** The split was measured on oneDNN's float kernels only (generic kernels: mixed results). */
    private boolean splitBackprop(INDArray delta) {
        if (delta.dataType() != DataType.FLOAT || !NativeOps.hasOneDnn()) return false;
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        boolean unitSteps = c.getStride()[0] == 1 && c.getStride()[1] == 1 && c.getDilation()[0] == 1 && c.getDilation()[1] == 1;
        return unitSteps && convolutionMode != ConvolutionMode.Same
                && ConvolutionBackprop.splitIsFaster(c.getNIn(), c.getKernelSize(), delta.size(2), delta.size(3));
    }

    private int[] args() {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        return NativeOps.convArgs(c.getKernelSize(), c.getStride(), c.getPadding(), c.getDilation(), convolutionMode,
                NativeOps.WEIGHTS_OIHW);
    }
}
