package lowbit.engine.torch;

import java.util.List;

import lowbit.engine.GraphNode.Role;
import lowbit.engine.ParamKind;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorArrayRef;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorTensorTensorTuple;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * The layers of the torch zoo, computing what the DL4J layers of {@link lowbit.model.Layers} compute, with the same
 * parameter names, shapes, order and initialization distributions (He normal on fan-in, Xavier for the classifier).
 */
final class TorchLayers {

    /** PyTorch's BatchNorm2d eps; running averages move by 1 - decay per step, as the DL4J zoo's batch norm. */
    static final double BN_EPS = 1e-5;
    static final double BN_DECAY = 0.9;
    /** Feature maps of at most this many pixels are batch-normalized as one row per channel in training. */
    static final long SMALL_MAP = 36;

    private TorchLayers() {
    }

    /** Linear 2-D convolution; DL4J stores the bias before the weights. */
    record Conv(int in, int out, int kernel, int stride, int padding, boolean bias) implements TorchOp {
        @Override
        public List<Param> params() {
            Param w = new Param("W", ParamKind.CONV_WEIGHT, new int[] {out, in, kernel, kernel}, 0, 0f,
                    Math.sqrt(2.0 / (in * kernel * kernel)));
            return bias ? List.of(new Param("b", ParamKind.BIAS, new int[] {out}, 0, 0f, 0), w) : List.of(w);
        }

        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            return torch.conv2d(x[0], p[bias ? 1 : 0], bias ? new TensorOptional(p[0]) : new TensorOptional(),
                    pair(stride), pair(padding), pair(1), 1);
        }

        @Override
        public boolean foldsBatchNorm() {
            return true;
        }
    }

    /**
     * Depthwise convolution (depth multiplier 1, no bias) on DL4J's weight layout [kH, kW, channels, 1]; its fan-in
     * counts every input channel, as DL4J's initializer does. In training a stride-1 convolution pads its input
     * explicitly and convolves unpadded: for a padded stride-1 depthwise convolution libtorch 1.10's oneDNN (2.2) has no
     * JIT weight-gradient kernel and falls back to a GEMM one 3-7x slower (bench/RESULTS.md, issue 8 profile).
     */
    record Depthwise(int channels, int kernel, int stride, int padding) implements TorchOp {
        @Override
        public List<Param> params() {
            return List.of(new Param("W", ParamKind.DEPTHWISE_WEIGHT, new int[] {kernel, kernel, channels, 1}, 2, 0f,
                    Math.sqrt(2.0 / (channels * kernel * kernel))));
        }

        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            Tensor w = p[0].permute(2, 3, 0, 1);
            if (training && stride == 1 && padding > 0) {
                Tensor padded = torch.constant_pad_nd(x[0], new long[] {padding, padding, padding, padding}, new Scalar(0.0));
                return torch.conv2d(padded, w, new TensorOptional(), pair(1), pair(0), pair(1), channels);
            }
            return torch.conv2d(x[0], w, new TensorOptional(), pair(stride), pair(padding), pair(1), channels);
        }

        @Override
        public boolean foldsBatchNorm() {
            return true;
        }
    }

    /**
     * Batch norm; in training the running variance moves towards the biased batch variance, as in the DL4J zoo
     * (PyTorch's own batch_norm would use the unbiased one). Training on small feature maps (at most
     * {@link #SMALL_MAP} pixels) normalizes a [1, C, N*H*W] copy: libtorch 1.10's backward reduces each (image, channel)
     * row separately, which costs 3-4x PyTorch 1.13's on MobileNet's 6x6 and 3x3 maps; one long row per channel does not.
     */
    record BatchNorm(int channels) implements TorchOp {
        @Override
        public List<Param> params() {
            int[] c = {channels};
            return List.of(new Param("gamma", ParamKind.BN_GAMMA, c, 0, 1f, 0), new Param("beta", ParamKind.BN_BETA, c, 0, 0f, 0),
                    new Param("mean", ParamKind.BN_MEAN, c, 0, 0f, 0), new Param("var", ParamKind.BN_VAR, c, 0, 1f, 0));
        }

        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            if (!training) {
                return torch.batch_norm(x[0], new TensorOptional(p[0]), new TensorOptional(p[1]), new TensorOptional(s[0]),
                        new TensorOptional(s[1]), false, 0.0, BN_EPS, false);
            }
            boolean rows = x[0].dim() == 4 && x[0].size(2) * x[0].size(3) <= SMALL_MAP;
            Tensor in = rows ? x[0].transpose(0, 1).reshape(1, channels, -1) : x[0];
            TensorTensorTensorTuple r = torch.native_batch_norm(in, new TensorOptional(p[0]), new TensorOptional(p[1]),
                    new TensorOptional(), new TensorOptional(), true, 0.0, BN_EPS);
            try (NoGradGuard noGrad = new NoGradGuard()) {
                Scalar rate = new Scalar(1 - BN_DECAY);
                Scalar decay = new Scalar(BN_DECAY);
                Tensor invStd = r.get2();
                s[0].mul_(decay).add_(r.get1(), rate);
                s[1].mul_(decay).add_(invStd.mul(invStd).reciprocal().sub(new Scalar(BN_EPS)), rate);
            }
            if (!rows) return r.get0();
            return r.get0().view(channels, x[0].size(0), x[0].size(2), x[0].size(3)).transpose(0, 1).contiguous();
        }

        @Override
        public boolean isBatchNorm() {
            return true;
        }
    }

    record Relu() implements TorchOp {
        @Override
        public Role role() {
            return Role.ACTIVATION;
        }

        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            return overwrite ? torch.relu_(x[0]) : torch.relu(x[0]);
        }
    }

    record Relu6() implements TorchOp {
        @Override
        public Role role() {
            return Role.ACTIVATION;
        }

        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            Scalar zero = new Scalar(0.0);
            Scalar six = new Scalar(6.0);
            return overwrite ? torch.hardtanh_(x[0], zero, six) : torch.hardtanh(x[0], zero, six);
        }
    }

    /** Non-overlapping max pooling, kernel = stride = size. */
    record MaxPool(int size) implements TorchOp {
        @Override
        public Role role() {
            return Role.MOVE;
        }

        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            return torch.max_pool2d(x[0], pair(size), pair(size), pair(0), pair(1), false);
        }
    }

    /** Every stride-th row and column, {@code x[:, :, ::s, ::s]}. */
    record Subsample(int stride) implements TorchOp {
        @Override
        public Role role() {
            return Role.MOVE;
        }

        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            return x[0].slice(2, new LongOptional(0), new LongOptional(), stride)
                    .slice(3, new LongOptional(0), new LongOptional(), stride);
        }
    }

    /** Zeros shaped like the input (DL4J's ScaleVertex(0)). */
    record Zeros() implements TorchOp {
        @Override
        public Role role() {
            return Role.MOVE;
        }

        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            return torch.zeros_like(x[0]);
        }
    }

    /** The first {@code count} channels, {@code x[:, :count]}. */
    record FirstChannels(int count) implements TorchOp {
        @Override
        public Role role() {
            return Role.MOVE;
        }

        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            return x[0].narrow(1, 0, count);
        }
    }

    /** The inputs stacked along the channels, in input order (DL4J's MergeVertex). */
    record ConcatChannels() implements TorchOp {
        @Override
        public Role role() {
            return Role.MOVE;
        }

        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            return torch.cat(new TensorArrayRef(new TensorVector(x)), 1);
        }
    }

    record Add() implements TorchOp {
        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            return x[0].add(x[1]);
        }
    }

    /** The mean of the inputs, DL4J's ElementWiseVertex Average (EnResNet's averaged member logits). */
    record Average() implements TorchOp {
        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            Tensor sum = x[0];
            for (int k = 1; k < x.length; k++) sum = sum.add(x[k]);
            return sum.div(new Scalar((double) x.length));
        }
    }

    /** The input as it is: a named node where DL4J has a parameter-free layer (the softmax of combined logits). */
    record Identity() implements TorchOp {
        @Override
        public Role role() {
            return Role.MOVE;
        }

        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            return x[0];
        }
    }

    /**
     * EnResNet's noise injection {@code x + scale * std(x) * N(0, I)}, in training and inference as
     * {@link lowbit.model.layers.RelativeGaussianNoiseLayer}: one Bessel-corrected std over the whole batch tensor,
     * differentiated through (autograd), noise from this op's own libtorch generator seeded with {@code seed}, so a
     * model's sequence of draws depends only on its seed and its sequence of calls.
     */
    static final class RelativeGaussianNoise implements TorchOp {
        private final double scale;
        private final long seed;
        private final Generator generator;

        RelativeGaussianNoise(double scale, long seed) {
            this.scale = scale;
            this.seed = seed;
            generator = torch.globalContext().defaultGenerator(new Device(torch.DeviceType.CPU)).clone();
            generator.retainReference(); // outlives any pointer scope it is created in; freed when the op is collected
            generator.set_current_seed(seed);
        }

        long seed() {
            return seed;
        }

        /** Restarts the draws from this op's seed mixed with {@code stream}, as the DL4J layer does. */
        void reseed(long stream) {
            generator.set_current_seed(lowbit.engine.NoiseStreams.seed(seed, stream));
        }

        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            long[] shape = new long[(int) x[0].dim()];
            for (int i = 0; i < shape.length; i++) shape[i] = x[0].size(i);
            Tensor noise = torch.randn(shape, new GeneratorOptional(generator));
            return x[0].add(noise.mul(torch.std(x[0]).mul(new Scalar(scale))));
        }
    }

    /** Global average pooling to [N, C]. */
    record GlobalAveragePool() implements TorchOp {
        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            return torch.mean(x[0], 2, 3);
        }
    }

    /**
     * Fully connected layer on the flattened (NCHW order) input, weights [out, in] then bias as DL4J stores them.
     * {@code classifier}: no activation, Xavier initialization (the softmax is the net's output); else ReLU, He.
     */
    record Dense(int in, int out, boolean classifier) implements TorchOp {
        @Override
        public List<Param> params() {
            double std = classifier ? Math.sqrt(2.0 / (in + out)) : Math.sqrt(2.0 / in);
            return List.of(new Param("W", ParamKind.DENSE_WEIGHT, new int[] {out, in}, 0, 0f, std),
                    new Param("b", ParamKind.BIAS, new int[] {out}, 0, 0f, 0));
        }

        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            Tensor flat = x[0].dim() > 2 ? x[0].flatten(1, -1) : x[0];
            Tensor y = torch.linear(flat, p[0], new TensorOptional(p[1]));
            return classifier ? y : torch.relu_(y);
        }
    }

    private static long[] pair(int v) {
        return new long[] {v, v};
    }
}
