package lowbit.engine.dl4j.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/** Runtime of {@link RelativeGaussianNoise}; keeps the last noise draw for the backward pass. */
public class RelativeGaussianNoiseLayer extends AbstractLayer<RelativeGaussianNoise> {

    private final Random rng;
    private INDArray noise;
    private double mean;
    private double std;

    public RelativeGaussianNoiseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        this.rng = Nd4j.getRandomFactory().getNewRandomInstance(layerConf().getSeed());
    }

    /** Restarts the draws from this layer's seed mixed with {@code stream}. */
    public void reseed(long stream) {
        rng.setSeed(lowbit.engine.NoiseStreams.seed(layerConf().getSeed(), stream));
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        long n = input.length();
        mean = input.meanNumber().doubleValue();
        INDArray centered = input.sub(mean);
        std = n > 1 ? Math.sqrt(centered.mul(centered).sumNumber().doubleValue() / (n - 1)) : 0;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            noise = Nd4j.createUninitialized(input.dataType(), input.shape(), 'c');
            Nd4j.getExecutioner().exec(new GaussianDistribution(noise, 0.0, 1.0), rng);
        }
        INDArray out = workspaceMgr.dup(ArrayType.ACTIVATIONS, input);
        return out.addi(noise.mul(layerConf().getScale() * std));
    }

    /** dL/dx = g + scale * (g . z) * (x - mean) / ((n - 1) std): the second term is the path through std(x). */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray grad = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon);
        long n = input.length();
        if (std > 0) {
            double projected = epsilon.castTo(noise.dataType()).mul(noise).sumNumber().doubleValue();
            double k = layerConf().getScale() * projected / ((n - 1) * std);
            grad.addi(input.sub(mean).muli(k));
        }
        return new Pair<>(new DefaultGradient(), grad);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
    }

    @Override
    public double calcRegularizationScore(boolean backpropOnlyParams) {
        return 0;
    }

    @Override
    public Layer.Type type() {
        return Layer.Type.FEED_FORWARD;
    }

    @Override
    public INDArray params() {
        return null;
    }
}
