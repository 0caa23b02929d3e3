package lowbit.engine.dl4j.layers;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link BatchNormalization} configuration (same parameters gamma, beta, mean, var and the same
 * moving-average semantics) whose runtime runs libnd4j's {@code batchnorm} / {@code batchnorm_bp} on NCHW input.
 * Stores the running variance (not log10 std). Unlike DL4J's, it applies its activation (DL4J's ignores it):
 * identity (the default, so older saved models load unchanged), ReLU, ReLU6 or {@link BinaryStepActivation}, in place
 * on its output, and backprop masks the gradient by that output (see {@link FusedActivation}).
 */
public class NativeBatchNorm extends BatchNormalization {

    /** For JSON deserialization. */
    public NativeBatchNorm() {
    }

    /** @param decay weight of the old running mean/variance in each update (PyTorch momentum = 1 - decay) */
    public NativeBatchNorm(double eps, double decay) {
        setEps(eps);
        setDecay(decay);
        setMinibatch(true);
        setGamma(1.0);
        setBeta(0.0);
        setLockGammaBeta(false);
        setUseLogStd(false);
        setCudnnAllowFallback(true);
        setCnn2DFormat(CNN2DFormat.NCHW);
        setActivationFn(new ActivationIdentity());
    }

    /** Batch norm followed by {@code activation} (identity, ReLU, ReLU6 or the binary step). */
    public NativeBatchNorm(double eps, double decay, IActivation activation) {
        this(eps, decay);
        FusedActivation.of(activation);
        setActivationFn(activation);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        if (isUseLogStd() || isLockGammaBeta() || getCnn2DFormat() != CNN2DFormat.NCHW) {
            throw new IllegalArgumentException("NativeBatchNorm needs useLogStd=false, learned gamma/beta and NCHW");
        }
        FusedActivation activation = FusedActivation.of(getActivationFn());
        return LayerWiring.wire(new NativeBatchNormLayer(conf, dataType, activation), conf, listeners, index, paramsView, initializeParams, initializer());
    }
}
