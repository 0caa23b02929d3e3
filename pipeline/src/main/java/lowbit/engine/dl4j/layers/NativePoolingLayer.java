package lowbit.engine.dl4j.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link NativePooling}: forward {@code maxpool2d} / {@code avgpool2d}, backward their {@code _bp}, with
 * the output shape computed here rather than by a native shape call.
 */
public class NativePoolingLayer extends SubsamplingLayer {

    public NativePoolingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (input.rank() != 4) throw new IllegalArgumentException(layerId() + ": input must be rank 4 NCHW, got " + input.rank());
        INDArray x = input.castTo(dataType);
        org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
        long[] outShape = {x.size(0), x.size(1),
                NativeOps.outSize(x.size(2), c.getKernelSize()[0], c.getStride()[0], c.getPadding()[0], c.getDilation()[0], convolutionMode),
                NativeOps.outSize(x.size(3), c.getKernelSize()[1], c.getStride()[1], c.getPadding()[1], c.getDilation()[1], convolutionMode)};
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, outShape, 'c');
        NativeOps.exec(c.getPoolingType() == PoolingType.MAX ? "maxpool2d" : "avgpool2d", new INDArray[] {x}, new INDArray[] {out}, args());
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = input.castTo(dataType);
        INDArray inputGrad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        String op = layerConf().getPoolingType() == PoolingType.MAX ? "maxpool2d_bp" : "avgpool2d_bp";
        NativeOps.exec(op, new INDArray[] {x, epsilon.castTo(dataType)}, new INDArray[] {inputGrad}, args());
        return new Pair<>(new DefaultGradient(), inputGrad);
    }

    private int[] args() {
        org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
        return NativeOps.poolArgs(c.getKernelSize(), c.getStride(), c.getPadding(), c.getDilation(), convolutionMode,
                c.getPoolingType() == PoolingType.AVG && c.isAvgPoolIncludePadInDivisor());
    }
}
