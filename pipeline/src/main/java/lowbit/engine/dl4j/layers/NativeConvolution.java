package lowbit.engine.dl4j.layers;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link ConvolutionLayer} configuration (same parameters, same layout, same JSON fields) whose runtime
 * calls libnd4j's {@code conv2d} / {@code conv2d_bp} instead of DL4J's im2col + gemm. NCHW only.
 */
public class NativeConvolution extends ConvolutionLayer {

    /** For JSON deserialization. */
    public NativeConvolution() {
    }

    public NativeConvolution(ConvolutionLayer.Builder builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        LayerValidation.assertNInNOutSet("NativeConvolution", getLayerName(), index, getNIn(), getNOut());
        if (getCnn2dDataFormat() != CNN2DFormat.NCHW) throw new IllegalArgumentException("only NCHW is supported");
        return LayerWiring.wire(new NativeConvolutionLayer(conf, dataType), conf, listeners, index, paramsView, initializeParams, initializer());
    }
}
