package lowbit.engine.dl4j.layers;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link SubsamplingLayer} configuration (same fields, same JSON) whose runtime calls libnd4j's
 * {@code maxpool2d} / {@code avgpool2d} and their {@code _bp} ops directly. Max and average pooling, NCHW only.
 */
public class NativePooling extends SubsamplingLayer {

    /** For JSON deserialization. */
    public NativePooling() {
    }

    public NativePooling(SubsamplingLayer.Builder builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        // Qualified: inside a SubsamplingLayer, PoolingType names its legacy nested enum.
        org.deeplearning4j.nn.conf.layers.PoolingType type = getPoolingType();
        if (type != org.deeplearning4j.nn.conf.layers.PoolingType.MAX && type != org.deeplearning4j.nn.conf.layers.PoolingType.AVG) {
            throw new IllegalArgumentException(getLayerName() + ": only max and average pooling, not " + type);
        }
        if (getCnn2dDataFormat() != CNN2DFormat.NCHW) throw new IllegalArgumentException("only NCHW is supported");
        return LayerWiring.wire(new NativePoolingLayer(conf, dataType), conf, listeners, index, paramsView, initializeParams, initializer());
    }
}
