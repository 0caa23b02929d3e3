package lowbit.engine.dl4j.layers;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link DepthwiseConvolution2D} configuration (same parameters and layout) whose runtime does not
 * recompute the forward convolution in backprop when the activation is linear. NCHW only.
 */
public class NativeDepthwiseConvolution extends DepthwiseConvolution2D {

    /** For JSON deserialization. */
    public NativeDepthwiseConvolution() {
    }

    public NativeDepthwiseConvolution(DepthwiseConvolution2D.Builder builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        LayerValidation.assertNInNOutSet("NativeDepthwiseConvolution", getLayerName(), index, getNIn(), getNOut());
        if (getCnn2dDataFormat() != CNN2DFormat.NCHW) throw new IllegalArgumentException("only NCHW is supported");
        return LayerWiring.wire(new NativeDepthwiseConvolutionLayer(conf, dataType), conf, listeners, index, paramsView, initializeParams, initializer());
    }
}
