package lowbit.engine.dl4j.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.reduce.floating.SquaredNorm;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Runtime of {@link NativeBatchNorm} for rank-4 NCHW input (rank 2 falls back to DL4J's implementation).
 * Batch statistics are row sums over the contiguous [N*C, H*W] view, kept for backprop; like DL4J, the
 * running mean/variance move by the "gradient" {@code (1 - decay) * (running - batch)} that the updater subtracts.
 * After an inference forward pass (any rank), backprop treats the layer as the fixed per-channel affine map it
 * then is (running statistics, no step for them): the input gradients attacks need.
 * The configured activation is applied in place to the output; backprop masks epsilon by the output kept from the
 * training pass (an inference pass recomputes it, as a following in-place layer may have overwritten it).
 */
public class NativeBatchNormLayer extends BatchNormalization {

    private static final int[] ARGS = {1, 1, 1}; // apply gamma, apply beta, channel axis 1

    private final FusedActivation activation;
    private INDArray batchMean;
    private INDArray batchVar;
    private INDArray output;
    private boolean inferencePass;

    NativeBatchNormLayer(NeuralNetConfiguration conf, DataType dataType, FusedActivation activation) {
        super(conf, dataType);
        this.activation = activation;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        inferencePass = !training;
        if (input.rank() != 4) {
            if (activation != FusedActivation.IDENTITY) throw new IllegalStateException(layerId() + ": an activation needs rank-4 input");
            return super.activate(training, workspaceMgr);
        }
        INDArray x = contiguous();
        if (training) computeBatchStatistics(x);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
        output = activated(x, training, out);
        return output;
    }

    /** Normalizes x by the batch (training) or running statistics into {@code out}, then applies the activation there. */
    private INDArray activated(INDArray x, boolean training, INDArray out) {
        INDArray mean = training ? batchMean : channelVector(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
        INDArray var = training ? batchVar : channelVector(getParam(BatchNormalizationParamInitializer.GLOBAL_VAR));
        NativeOps.exec("batchnorm", new INDArray[] {x, mean, var, gammaVector(), betaVector()}, new INDArray[] {out},
                ARGS, layerConf().getEps());
        return layerConf().getActivationFn().getActivation(out, training);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (inferencePass) return inferenceBackprop(epsilon, workspaceMgr);
        if (input.rank() != 4) return super.backpropGradient(epsilon, workspaceMgr);
        if (batchMean == null) throw new IllegalStateException("backprop without a training forward pass " + layerId());
        INDArray x = contiguous();
        long channels = x.size(1);
        INDArray inputGrad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
        INDArray outputGrad = activation.backprop(output, epsilon.castTo(x.dataType()),
                workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, x.dataType(), x.shape(), 'c'));
        INDArray gammaGrad = channelVector(gradientViews.get(BatchNormalizationParamInitializer.GAMMA));
        INDArray betaGrad = channelVector(gradientViews.get(BatchNormalizationParamInitializer.BETA));
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray meanGrad = Nd4j.createUninitialized(x.dataType(), channels);
            INDArray varGrad = Nd4j.createUninitialized(x.dataType(), channels);
            NativeOps.exec("batchnorm_bp",
                    new INDArray[] {x, batchMean, batchVar, gammaVector(), betaVector(), outputGrad},
                    new INDArray[] {inputGrad, meanGrad, varGrad, gammaGrad, betaGrad}, ARGS, layerConf().getEps());
        }
        double rate = 1 - layerConf().getDecay();
        INDArray meanStep = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        INDArray varStep = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_VAR);
        channelVector(meanStep).assign(channelVector(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN)).sub(batchMean).muli(rate));
        channelVector(varStep).assign(channelVector(getParam(BatchNormalizationParamInitializer.GLOBAL_VAR)).sub(batchVar).muli(rate));
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, gradientViews.get(BatchNormalizationParamInitializer.GAMMA));
        gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, gradientViews.get(BatchNormalizationParamInitializer.BETA));
        gradient.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_MEAN, meanStep);
        gradient.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_VAR, varStep);
        return new Pair<>(gradient, inputGrad);
    }

    /** y = f(gamma (x - mean) / sqrt(var + eps) + beta) with the running mean and var held constant. */
    private Pair<Gradient, INDArray> inferenceBackprop(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        INDArray x = contiguous();
        INDArray g = epsilon.castTo(x.dataType());
        if (activation != FusedActivation.IDENTITY) {
            if (x.rank() != 4) throw new IllegalStateException(layerId() + ": an activation needs rank-4 input");
            INDArray recomputed = activated(x, false, workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, x.dataType(), x.shape(), 'c'));
            g = activation.backprop(recomputed, g, workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, x.dataType(), x.shape(), 'c'));
        }
        int[] reduce = x.rank() == 4 ? new int[] {0, 2, 3} : new int[] {0};
        INDArray inputGrad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray mean = channelVector(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
            INDArray var = channelVector(getParam(BatchNormalizationParamInitializer.GLOBAL_VAR));
            INDArray invStd = Transforms.pow(var.add(layerConf().getEps()), -0.5, false);
            Nd4j.getExecutioner().exec(new BroadcastMulOp(g, invStd.mul(gammaVector()), inputGrad, 1));
            INDArray xHat = Nd4j.createUninitialized(x.dataType(), x.shape());
            Nd4j.getExecutioner().exec(new BroadcastSubOp(x, mean, xHat, 1));
            Nd4j.getExecutioner().exec(new BroadcastMulOp(xHat, invStd, xHat, 1));
            channelVector(gradientViews.get(BatchNormalizationParamInitializer.GAMMA)).assign(g.mul(xHat).sum(reduce));
            channelVector(gradientViews.get(BatchNormalizationParamInitializer.BETA)).assign(g.sum(reduce));
        }
        gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_MEAN).assign(0);
        gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_VAR).assign(0);
        Gradient gradient = new DefaultGradient();
        for (String key : new String[] {BatchNormalizationParamInitializer.GAMMA, BatchNormalizationParamInitializer.BETA,
                BatchNormalizationParamInitializer.GLOBAL_MEAN, BatchNormalizationParamInitializer.GLOBAL_VAR}) {
            gradient.setGradientFor(key, gradientViews.get(key));
        }
        return new Pair<>(gradient, inputGrad);
    }

    @Override
    public void clear() {
        super.clear();
        batchMean = null;
        batchVar = null;
        output = null;
        inferencePass = false;
    }

    /**
     * Biased batch mean and variance per channel in two passes: the mean from per-row sums, then the mean squared
     * deviation from it. The one-pass E[x^2] - E[x]^2 loses to cancellation what the mean's square shares with E[x^2]:
     * on a pre-activation ResNet-20 its float gradients were 6e-3 of the largest away from the double-precision ones
     * (the two-pass ones 1e-6), and far more sensitive to how OpenBLAS rounds the layers before.
     */
    private void computeBatchStatistics(INDArray x) {
        long n = x.size(0);
        long c = x.size(1);
        long spatial = x.size(2) * x.size(3);
        long perChannel = n * spatial;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            batchMean = perRowSums(x.reshape('c', n * c, spatial)).reshape('c', n, c).sum(0).divi(perChannel);
            INDArray centered = Nd4j.createUninitialized(x.dataType(), x.shape());
            Nd4j.getExecutioner().exec(new BroadcastSubOp(x, batchMean, centered, 1));
            INDArray rows = centered.reshape('c', n * c, spatial);
            INDArray rowSquares;
            if (spatial == 1) {
                INDArray values = rows.reshape(n * c);
                rowSquares = values.mul(values);
            } else {
                rowSquares = Nd4j.createUninitialized(x.dataType(), n * c);
                Nd4j.getExecutioner().exec(new SquaredNorm(rows, rowSquares, 1));
            }
            batchVar = rowSquares.reshape('c', n, c).sum(0).divi(perChannel);
        }
    }

    /** Sums of the rows of an [rows, length] matrix. */
    private static INDArray perRowSums(INDArray rows) {
        // ND4J M2 reduces a [rows, 1] matrix along its length-1 axis wrongly
        return rows.size(1) == 1 ? rows.reshape(rows.size(0)).dup() : rows.sum(1);
    }

    private INDArray contiguous() {
        INDArray x = input.castTo(dataType);
        return x.ordering() == 'c' && !x.isView() ? x : x.dup('c');
    }

    private INDArray gammaVector() {
        return channelVector(getParam(BatchNormalizationParamInitializer.GAMMA));
    }

    private INDArray betaVector() {
        return channelVector(getParam(BatchNormalizationParamInitializer.BETA));
    }

    private static INDArray channelVector(INDArray a) {
        return a.rank() == 1 ? a : a.reshape(a.length());
    }
}
