package lowbit.engine.torch;

import java.util.List;

import lowbit.model.graph.Nonlinearity;
import lowbit.model.graph.Op;
import lowbit.model.graph.Padding;
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
 * The ops of {@link lowbit.model.graph} on libtorch's functional API: each takes its inputs and its node's parameter
 * and state tensors (in the op's {@link lowbit.model.graph.Param} order) and returns the output.
 */
final class TorchLayers {

    /** Feature maps of at most this many pixels are batch-normalized as one row per channel in training. */
    static final long SMALL_MAP = 36;

    private TorchLayers() {
    }

    /** The libtorch implementation of a graph op. */
    static TorchOp of(Op op) {
        if (op instanceof lowbit.model.graph.Conv c) return new Conv(c);
        if (op instanceof lowbit.model.graph.Depthwise d) return new Depthwise(d);
        if (op instanceof lowbit.model.graph.BatchNorm b) return new BatchNorm(b.channels(), b.eps());
        if (op instanceof lowbit.model.graph.Activation a) return activation(a.function());
        if (op instanceof lowbit.model.graph.MaxPool m) return new MaxPool(m.size());
        if (op instanceof lowbit.model.graph.AvgPool a) return new AvgPool(a.kernel(), a.stride());
        if (op instanceof lowbit.model.graph.Subsample s) return new Subsample(s.stride());
        if (op instanceof lowbit.model.graph.GlobalAvgPool) return new GlobalAveragePool();
        if (op instanceof lowbit.model.graph.Flatten) return new Flatten();
        if (op instanceof lowbit.model.graph.Dense d) return new Dense(d.function());
        if (op instanceof lowbit.model.graph.Add) return new Add();
        if (op instanceof lowbit.model.graph.Average) return new Average();
        if (op instanceof lowbit.model.graph.Zeros) return new Zeros();
        if (op instanceof lowbit.model.graph.FirstChannels f) return new FirstChannels(f.count());
        if (op instanceof lowbit.model.graph.ConcatChannels) return new ConcatChannels();
        if (op instanceof lowbit.model.graph.Noise n) return new RelativeGaussianNoise(n.scale(), n.seed());
        if (op instanceof lowbit.model.graph.SoftmaxOutput) return new Identity();
        throw new IllegalArgumentException("the torch engine has no implementation of " + op);
    }

    private static TorchOp activation(Nonlinearity f) {
        return switch (f) {
            case IDENTITY -> new Identity();
            case RELU -> new Relu();
            case RELU6 -> new Relu6();
            case BINARY_STEP -> new BinaryStep();
        };
    }

    /** A window's padding: libtorch's own where symmetric, else explicit zeros first ({@code pad} is [left, right, top, bottom]). */
    private static Tensor padded(Tensor x, Padding p) {
        if (p.isSymmetric()) return x;
        return torch.constant_pad_nd(x, new long[] {p.left(), p.right(), p.top(), p.bottom()}, new Scalar(0.0));
    }

    private static long[] symmetricPadding(Padding p) {
        return p.isSymmetric() ? pair(p.top()) : pair(0);
    }

    /** A convolution that can run with the inference-mode batch norm after it folded into its weights and bias. */
    interface FoldsBatchNorm {
        /**
         * The folded weights (in libtorch's layout) and bias.
         *
         * @param bn the batch norm's gamma and beta; {@code bnState} its running mean and variance
         */
        Tensor[] fold(Tensor[] p, Tensor[] bn, Tensor[] bnState, double eps);

        /** The convolution with weights and bias from {@link #fold}. */
        Tensor applyFolded(Tensor x, Tensor[] folded);
    }

    /** The folded batch norm's per-channel scale gamma / sqrt(var + eps) and bias beta + (b - mean) * scale. */
    private static Tensor[] folding(Tensor bias, Tensor[] bn, Tensor[] bnState, double eps) {
        Tensor scale = bn[0].div(bnState[1].add(new Scalar(eps)).sqrt());
        Tensor centred = bias == null ? bnState[0].neg() : bias.sub(bnState[0]);
        return new Tensor[] {scale, bn[1].add(centred.mul(scale))};
    }

    /** Linear 2-D convolution; parameters [b,] W. */
    record Conv(lowbit.model.graph.Conv op) implements TorchOp, FoldsBatchNorm {
        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            boolean bias = op.bias();
            return conv(x[0], p[bias ? 1 : 0], bias ? new TensorOptional(p[0]) : new TensorOptional());
        }

        @Override
        public Tensor[] fold(Tensor[] p, Tensor[] bn, Tensor[] bnState, double eps) {
            Tensor[] f = folding(op.bias() ? p[0] : null, bn, bnState, eps);
            return new Tensor[] {p[op.bias() ? 1 : 0].mul(f[0].view(-1, 1, 1, 1)), f[1]};
        }

        @Override
        public Tensor applyFolded(Tensor x, Tensor[] folded) {
            return conv(x, folded[0], new TensorOptional(folded[1]));
        }

        private Tensor conv(Tensor x, Tensor w, TensorOptional b) {
            return torch.conv2d(padded(x, op.padding()), w, b, pair(op.stride()), symmetricPadding(op.padding()), pair(1), 1);
        }

        @Override
        public boolean onOneDnnLayout(boolean training) {
            return op.padding().isSymmetric(); // explicit zero padding runs on the dense layout only
        }
    }

    /**
     * Depthwise convolution (depth multiplier 1) on DL4J's weight layout [kH, kW, channels, 1]; parameters [b,] W. In
     * training a symmetrically padded stride-1 convolution pads its input explicitly and convolves unpadded: for a padded
     * stride-1 depthwise convolution libtorch 1.10's oneDNN (2.2) has no JIT weight-gradient kernel and falls back to a
     * GEMM one 3-7x slower (bench/RESULTS.md, issue 8 profile).
     */
    record Depthwise(lowbit.model.graph.Depthwise op) implements TorchOp, FoldsBatchNorm {
        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            boolean bias = op.bias();
            Tensor w = p[bias ? 1 : 0].permute(2, 3, 0, 1);
            if (x[0].is_mkldnn()) w = w.contiguous(); // oneDNN's layout takes dense weights only when contiguous
            TensorOptional b = bias ? new TensorOptional(p[0]) : new TensorOptional();
            Padding pad = op.padding();
            if (training && op.stride() == 1 && pad.isSymmetric() && pad.top() > 0) {
                Tensor in = torch.constant_pad_nd(x[0], new long[] {pad.left(), pad.right(), pad.top(), pad.bottom()}, new Scalar(0.0));
                return torch.conv2d(in, w, b, pair(1), pair(0), pair(1), op.channels());
            }
            return conv(x[0], w, b);
        }

        @Override
        public Tensor[] fold(Tensor[] p, Tensor[] bn, Tensor[] bnState, double eps) {
            Tensor[] f = folding(op.bias() ? p[0] : null, bn, bnState, eps);
            return new Tensor[] {p[op.bias() ? 1 : 0].mul(f[0].view(1, 1, -1, 1)).permute(2, 3, 0, 1).contiguous(), f[1]};
        }

        @Override
        public Tensor applyFolded(Tensor x, Tensor[] folded) {
            return conv(x, folded[0], new TensorOptional(folded[1]));
        }

        /** {@code w} in libtorch's [channels, 1, kH, kW] layout. */
        private Tensor conv(Tensor x, Tensor w, TensorOptional b) {
            Padding pad = op.padding();
            return torch.conv2d(padded(x, pad), w, b, pair(op.stride()), symmetricPadding(pad), pair(1), op.channels());
        }

        @Override
        public boolean onOneDnnLayout(boolean training) {
            // explicit zero padding (in training, stride 1 too) runs on the dense layout only
            return !training && op.padding().isSymmetric();
        }
    }

    /**
     * Batch norm; in training the running variance moves towards the biased batch variance, as in the DL4J zoo
     * (PyTorch's own batch_norm would use the unbiased one). Training on small feature maps (at most
     * {@link #SMALL_MAP} pixels) normalizes a [1, C, N*H*W] copy: libtorch 1.10's backward reduces each (image, channel)
     * row separately, which costs 3-4x PyTorch 1.13's on MobileNet's 6x6 and 3x3 maps; one long row per channel does not.
     * On oneDNN's blocked layout training runs oneDNN's kernel as it is.
     */
    record BatchNorm(int channels, double eps) implements TorchOp {
        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            if (!training) {
                return torch.batch_norm(x[0], new TensorOptional(p[0]), new TensorOptional(p[1]), new TensorOptional(s[0]),
                        new TensorOptional(s[1]), false, 0.0, eps, false);
            }
            boolean blocked = x[0].is_mkldnn();
            boolean rows = !blocked && x[0].dim() == 4 && x[0].size(2) * x[0].size(3) <= SMALL_MAP;
            Tensor in = rows ? x[0].transpose(0, 1).reshape(1, channels, -1) : x[0];
            TensorTensorTensorTuple r = torch.native_batch_norm(in, new TensorOptional(p[0]), new TensorOptional(p[1]),
                    new TensorOptional(), new TensorOptional(), true, 0.0, eps);
            try (NoGradGuard noGrad = new NoGradGuard()) {
                Scalar rate = new Scalar(lowbit.model.graph.BatchNorm.MOMENTUM);
                Scalar decay = new Scalar(1 - lowbit.model.graph.BatchNorm.MOMENTUM);
                // libtorch's kernel returns the batch's inverse standard deviation, oneDNN's (blocked layout, in that
                // layout) its biased variance
                Tensor spread = r.get2();
                Tensor variance = blocked ? spread.to_dense() : spread.mul(spread).reciprocal().sub(new Scalar(eps));
                s[0].mul_(decay).add_(blocked ? r.get1().to_dense() : r.get1(), rate);
                s[1].mul_(decay).add_(variance, rate);
            }
            if (!rows) return r.get0();
            return r.get0().view(channels, x[0].size(0), x[0].size(2), x[0].size(3)).transpose(0, 1).contiguous();
        }

        @Override
        public boolean onOneDnnLayout(boolean training) {
            return true;
        }
    }

    record Relu() implements TorchOp {
        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            return overwrite ? torch.relu_(x[0]) : torch.relu(x[0]);
        }

        @Override
        public boolean onOneDnnLayout(boolean training) {
            return true;
        }
    }

    record Relu6() implements TorchOp {
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
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            return torch.max_pool2d(x[0], pair(size), pair(size), pair(0), pair(1), false);
        }

        @Override
        public boolean onOneDnnLayout(boolean training) {
            return true;
        }
    }

    /** Every stride-th row and column, {@code x[:, :, ::s, ::s]}. */
    record Subsample(int stride) implements TorchOp {
        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            return x[0].slice(2, new LongOptional(0), new LongOptional(), stride)
                    .slice(3, new LongOptional(0), new LongOptional(), stride);
        }
    }

    /** Zeros shaped like the input (DL4J's ScaleVertex(0)). */
    record Zeros() implements TorchOp {
        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            return torch.zeros_like(x[0]);
        }
    }

    /** The first {@code count} channels, {@code x[:, :count]}. */
    record FirstChannels(int count) implements TorchOp {
        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            return x[0].narrow(1, 0, count);
        }
    }

    /** The inputs stacked along the channels, in input order (DL4J's MergeVertex). */
    record ConcatChannels() implements TorchOp {
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

        @Override
        public boolean onOneDnnLayout(boolean training) {
            return true;
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

    /** Fully connected layer on the flattened (NCHW order) input, parameters W [out, in] then b, then its nonlinearity. */
    record Dense(Nonlinearity function) implements TorchOp {
        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            Tensor flat = x[0].dim() > 2 ? x[0].flatten(1, -1) : x[0];
            Tensor y = torch.linear(flat, p[0], new TensorOptional(p[1]));
            return function == Nonlinearity.IDENTITY ? y : activation(function).apply(new Tensor[] {y}, p, s, training, true);
        }
    }

    /** A feature map as one vector per example. */
    record Flatten() implements TorchOp {
        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            return x[0].flatten(1, -1);
        }
    }

    /** Average pooling without padding. */
    record AvgPool(int kernel, int stride) implements TorchOp {
        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            return torch.avg_pool2d(x[0], pair(kernel), pair(stride), pair(0), false, true, new LongOptional());
        }

        @Override
        public boolean onOneDnnLayout(boolean training) {
            return true;
        }
    }

    /** 1{x > 0} forward, ReLU's derivative backward: relu(x) - relu(x).detach() is 0 with ReLU's gradient. */
    record BinaryStep() implements TorchOp {
        @Override
        public Tensor apply(Tensor[] x, Tensor[] p, Tensor[] s, boolean training, boolean overwrite) {
            Tensor relu = torch.relu(x[0]);
            Tensor step = x[0].gt(new Scalar(0.0)).to(x[0].scalar_type());
            return relu.sub(relu.detach()).add(step);
        }
    }

    private static long[] pair(int v) {
        return new long[] {v, v};
    }
}
