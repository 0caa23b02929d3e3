package lowbit.engine.dl4j.layers;

import java.util.Collection;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of the EnResNet noise injection {@code y = x + scale * std(x) * N(0, I)}: one scalar,
 * Bessel-corrected standard deviation over the whole batch tensor, gradient taken through std(x) as
 * PyTorch autograd does. Applied in training and in inference; noise comes from its own seeded generator.
 */
public class RelativeGaussianNoise extends NoParamLayer {

    private double scale;
    private long seed;

    /** For JSON deserialization. */
    public RelativeGaussianNoise() {
    }

    public RelativeGaussianNoise(double scale, long seed) {
        this.scale = scale;
        this.seed = seed;
    }

    public double getScale() {
        return scale;
    }

    public void setScale(double scale) {
        this.scale = scale;
    }

    public long getSeed() {
        return seed;
    }

    public void setSeed(long seed) {
        this.seed = seed;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        RelativeGaussianNoiseLayer layer = new RelativeGaussianNoiseLayer(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> table = initializer().init(conf, paramsView, initializeParams);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long size = inputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(layerName, RelativeGaussianNoise.class, inputType, inputType)
                .standardMemory(0, 0).workingMemory(0, size, 0, size).cacheMemory(0, 0).build();
    }
}
