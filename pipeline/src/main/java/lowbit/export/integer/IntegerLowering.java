package lowbit.export.integer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import lowbit.LowbitException;
import lowbit.data.read.Normalization;
import lowbit.model.graph.Activation;
import lowbit.model.graph.Add;
import lowbit.model.graph.Average;
import lowbit.model.graph.AvgPool;
import lowbit.model.graph.BatchNorm;
import lowbit.model.graph.BatchNormFold;
import lowbit.model.graph.ConcatChannels;
import lowbit.model.graph.Conv;
import lowbit.model.graph.Dense;
import lowbit.model.graph.Depthwise;
import lowbit.model.graph.FirstChannels;
import lowbit.model.graph.Flatten;
import lowbit.model.graph.GlobalAvgPool;
import lowbit.model.graph.MaxPool;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.Node;
import lowbit.model.graph.Noise;
import lowbit.model.graph.Nonlinearity;
import lowbit.model.graph.Op;
import lowbit.model.graph.ParamView;
import lowbit.model.graph.Shape;
import lowbit.model.graph.SoftmaxOutput;
import lowbit.model.graph.Subsample;
import lowbit.model.graph.Zeros;
import lowbit.ptq.QuantizedModel;
import lowbit.ptq.QuantizedTensor;
import lowbit.quant.AsymmetricQuantizer;
import lowbit.tensor.ChannelLayout;

/**
 * Turns a post-training quantized {@link ModelGraph} with calibrated 8-bit activation grids into an
 * {@link IntegerModel}. Every tensor the fake-quantized pipeline stores quantized ({@link lowbit.ptq.ActivationSites})
 * becomes an int8 tensor; a convolution, depthwise convolution or dense layer takes its folded batch norm and the
 * activation after it into its requantization (bias, multiplier, clamp); max pooling, subsampling, channel slices,
 * concatenation and zeros move int8 values and keep their input's grid; additions, averages, average pools, unfolded
 * batch norms and activations on a stored tensor requantize to their own grid. The dense classifier at the end writes
 * float logits; a graph that ends in a softmax of a stored tensor dequantizes that tensor.
 */
public final class IntegerLowering {

    private final ModelGraph graph;
    private final Map<String, float[]> values;
    private final Map<String, QuantizedTensor> quantized = new HashMap<>();
    private final Map<String, AsymmetricQuantizer> grids;
    private final Normalization normalization;
    private final Map<String, List<Node>> consumers = new HashMap<>();
    private final Map<String, BatchNormFold> folds = new HashMap<>();
    private final Set<String> handled = new HashSet<>();
    private final Map<String, Ref> refs = new HashMap<>();
    private final List<IntTensor> tensors = new ArrayList<>();
    private final List<IntOp> ops = new ArrayList<>();
    private final String output;
    /** The most headroom bits an accumulator gets ({@link #accumulatorShift}). */
    static final int MAX_ACCUMULATOR_SHIFT = 16;
    /**
     * The largest bias, in units of scale_in * scale_w, a layer's output channel keeps its weight scale with: 2^24, where
     * float32 (the fake-quantized model's arithmetic) no longer resolves one unit beside the bias. A channel whose bias is
     * larger (a dead channel: a batch norm's gamma near 0 folded into weights of 1e-34, the bias beta - mean a) gets the
     * unit |bias| / 2^24 and its codes rounded to it (to 0 for such weights), as TFLite's and ONNX Runtime's quantizers
     * raise a weight scale until the int32 bias fits.
     */
    static final double MAX_BIAS_UNITS = 1 << 24;

    /** What a graph node's value is in the integer program: an int8 tensor, or zeros on a grid (not stored). */
    private sealed interface Ref permits Real, Zero {
    }

    private record Real(IntTensor tensor) implements Ref {
    }

    private record Zero(Shape shape, double scale, int zeroPoint) implements Ref {
    }

    private IntegerLowering(ModelGraph graph, QuantizedModel model, List<ParamView> parameterViews, List<ParamView> stateViews,
                            Map<String, AsymmetricQuantizer> grids, Normalization normalization) {
        this.graph = graph;
        this.grids = grids;
        this.normalization = normalization;
        this.output = graph.output().name();
        values = new HashMap<>();
        for (ParamView v : parameterViews) values.put(v.name(), v.read(model.parameters()));
        for (ParamView v : stateViews) values.put(v.name(), v.read(model.batchNormState()));
        for (QuantizedTensor q : model.quantized()) quantized.put(q.view().name(), q);
        for (Node n : graph.nodes()) {
            for (String in : n.inputs()) consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        }
        for (BatchNormFold f : graph.foldableBatchNorms()) {
            if (!model.constantViews().contains(f.batchNorm() + "/gamma")) {
                throw new LowbitException("batch norm " + f.batchNorm() + " is not folded into " + f.layer()
                        + ": integer inference needs folded batch norms (do not pass --no-fold)");
            }
            folds.put(f.layer(), f);
        }
        for (Map.Entry<String, AsymmetricQuantizer> e : grids.entrySet()) {
            if (e.getValue().bits() != 8) throw new IllegalArgumentException(e.getKey() + ": int8 needs an 8-bit grid, got " + e.getValue().bits());
        }
    }

    /**
     * @param model          the post-training quantized parameters (batch norms folded, every weight quantized)
     * @param parameterViews the model's trainable views (names node/key), in the layout of {@code model.parameters()}
     * @param stateViews     its batch-norm state views
     * @param grids          8-bit asymmetric grids by graph node name, for every stored tensor (ActivationSites)
     * @param normalization  how the network's input is computed from uint8 pixels
     * @throws LowbitException naming the node when the graph has something integer inference cannot do
     */
    public static IntegerModel lower(ModelGraph graph, QuantizedModel model, List<ParamView> parameterViews, List<ParamView> stateViews,
                                     Map<String, AsymmetricQuantizer> grids, Normalization normalization) {
        return new IntegerLowering(graph, model, parameterViews, stateViews, grids, normalization).run();
    }

    private IntegerModel run() {
        for (Node n : graph.nodes()) {
            if (handled.contains(n.name())) continue;
            if (n.isInput()) {
                input(n);
                continue;
            }
            Op op = n.op();
            if (op instanceof Conv || op instanceof Depthwise || op instanceof Dense) weightLayer(n);
            else if (op instanceof Add || op instanceof Average) add(n);
            else if (op instanceof AvgPool || op instanceof GlobalAvgPool) avgPool(n);
            else if (op instanceof BatchNorm bn) batchNorm(n, bn);
            else if (op instanceof Activation a) activation(n, a);
            else if (op instanceof MaxPool || op instanceof Subsample) window(n);
            else if (op instanceof Zeros) zeros(n);
            else if (op instanceof FirstChannels f) firstChannels(n, f);
            else if (op instanceof ConcatChannels) concat(n);
            else if (op instanceof Flatten || op instanceof SoftmaxOutput) refs.put(n.name(), refOf(n.inputs().get(0)));
            else if (op instanceof Noise) {
                throw new LowbitException("node " + n.name() + " injects random noise at inference (EnResNet's Noise): integer "
                        + "inference has no random numbers; export a model without it (enresnet20 noise=0)");
            } else {
                throw new LowbitException("node " + n.name() + ": integer inference has no implementation of " + op);
            }
        }
        int scoresTensor = -1;
        float scoreScale = 0;
        int scoreZeroPoint = 0;
        if (!(graph.output().op() instanceof Dense)) {
            if (!(refOf(output) instanceof Real r)) throw new LowbitException("the output " + output + " is all zeros");
            scoresTensor = r.tensor().id();
            scoreScale = (float) r.tensor().scale();
            scoreZeroPoint = r.tensor().zeroPoint();
        }
        long macs = ops.stream().mapToLong(IntOp::macs).sum();
        if (macs != graph.macs()) throw new IllegalStateException("integer ops have " + macs + " MACs, the graph " + graph.macs());
        return new IntegerModel(graph.inputShape(), graph.classes(), tensors, ops, scoresTensor, scoreScale, scoreZeroPoint,
                ArenaPlan.of(tensors, ops, scoresTensor), macs);
    }

    private void input(Node n) {
        IntTensor t = newTensor(n.name(), graph.inputShape(), grid(n.name()));
        AsymmetricQuantizer g = grid(n.name());
        int channels = t.shape().channels();
        byte[] table = new byte[channels * 256];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < 256; p++) table[c * 256 + p] = (byte) (g.quantize(normalization.apply(p, c)) - 128);
        }
        ops.add(new IntOp.Input(n.name(), t.id(), t.shape(), table));
    }

    /** Where a kernel's result ends up: the node whose value is stored (after a folded batch norm and an activation). */
    private record Chain(String end, Nonlinearity activation) {
    }

    private Chain chain(Node n, Nonlinearity own) {
        String end = n.name();
        BatchNormFold fold = folds.get(n.name());
        if (fold != null) {
            end = fold.batchNorm();
            handled.add(end);
        }
        Nonlinearity act = own;
        if (!grids.containsKey(end) && !end.equals(output)) {
            List<Node> readers = consumers.getOrDefault(end, List.of());
            if (readers.size() == 1 && readers.get(0).op() instanceof Activation a) {
                if (act != Nonlinearity.IDENTITY) throw new LowbitException("node " + readers.get(0).name() + ": two activations in a row");
                act = a.function();
                end = readers.get(0).name();
                handled.add(end);
            }
        }
        if (!grids.containsKey(end) && !end.equals(output)) {
            throw new LowbitException("node " + end + " (after " + n.name() + ") has no calibrated int8 grid");
        }
        return new Chain(end, act);
    }

    private void weightLayer(Node n) {
        Op op = n.op();
        IntTensor in = real(n, n.inputs().get(0));
        QuantizedTensor q = quantized.get(n.name() + "/W");
        if (q == null) throw new LowbitException("the weights " + n.name() + "/W are not quantized: integer inference needs every weight on a grid");
        Nonlinearity own = op instanceof Dense d ? d.function() : Nonlinearity.IDENTITY;
        Chain chain = chain(n, own);
        BatchNormFold fold = folds.get(n.name());
        Shape outShape = graph.shape(n.name());
        int channels = op instanceof Dense d ? d.out() : outShape.channels();
        PackedWeights weights = packed(n, q, channels);
        float[] ownBias = values.get(n.name() + "/b");
        double[] bias = new double[channels];
        for (int c = 0; c < channels; c++) bias[c] = ownBias == null ? 0 : ownBias[c];
        if (fold != null) addFoldedBias(fold, bias);
        double[] effective = new double[channels]; // real value of one unit of the sum: scale_in * scale_w
        byte[] codes = weights.codes();
        int per = weights.perChannel();
        boolean recoded = false;
        for (int c = 0; c < channels; c++) {
            double s = in.scale() * q.scales()[q.scales().length == 1 ? 0 : scaleIndex(q, n, c, per)];
            effective[c] = s > 0 ? s : in.scale();
            double least = Math.abs(bias[c]) / MAX_BIAS_UNITS;
            if (least > effective[c]) {
                // weights float32 cannot resolve beside the bias (a dead channel: a batch norm's gamma near 0 folded in)
                for (int i = c * per; i < (c + 1) * per; i++) {
                    long k = FixedPoint.roundHalfAway(codes[i] * effective[c] / least);
                    codes[i] = (byte) (weights.bits() == 1 ? Integer.signum(codes[i]) : k); // binary codes cannot be 0
                }
                effective[c] = least;
                recoded = true;
            }
        }
        if (recoded) weights = new PackedWeights(weights.bits(), channels, per, codes);
        long largest = 0;
        for (int c = 0; c < channels; c++) {
            long bound = 1 + (long) Math.ceil(Math.abs(bias[c] / effective[c]));
            for (int i = 0; i < weights.perChannel(); i++) bound += 255L * Math.abs(weights.code(c, i));
            largest = Math.max(largest, bound);
        }
        int shift = accumulatorShift(n, largest);
        double[] unit = new double[channels]; // real value of one accumulator unit, after the shift
        int[] biasQ = new int[channels];
        for (int c = 0; c < channels; c++) {
            unit[c] = Math.scalb(effective[c], -shift);
            biasQ[c] = int32(n, "bias", FixedPoint.roundHalfAway(bias[c] / unit[c]));
        }
        boolean scores = chain.end().equals(output);
        IntTensor out = scores ? null : newTensor(chain.end(), outShape, grid(chain.end()));
        Requantization rq = scores ? null : requantization(unit, out, chain.activation());
        if (op instanceof Conv c) {
            ops.add(new IntOp.Conv(n.name(), in.id(), out.id(), in.shape(), outShape, c.kernel(), c.stride(), c.padding(),
                    in.zeroPoint(), weights, biasQ, shift, rq));
        } else if (op instanceof Depthwise d) {
            ops.add(new IntOp.Depthwise(n.name(), in.id(), out.id(), in.shape(), outShape, d.kernel(), d.stride(), d.padding(),
                    in.zeroPoint(), weights, biasQ, shift, rq));
        } else {
            Dense d = (Dense) op;
            float[] scoreScales = null;
            if (scores) {
                if (chain.activation() != Nonlinearity.IDENTITY) throw new LowbitException("the classifier " + n.name() + " has an activation");
                scoreScales = new float[channels];
                for (int c = 0; c < channels; c++) scoreScales[c] = (float) unit[c];
            }
            ops.add(new IntOp.Dense(n.name(), in.id(), scores ? -1 : out.id(), d.in(), d.out(), in.zeroPoint(), weights, biasQ, shift, rq,
                    scoreScales));
        }
    }

    /** The weight codes output channel by output channel, each in its kernel's order. */
    private static PackedWeights packed(Node n, QuantizedTensor q, int channels) {
        int[] codes = q.codes();
        int per = codes.length / channels;
        byte[] out = new byte[codes.length];
        if (n.op() instanceof Depthwise d) {
            // DL4J's [kh, kw, channels, 1] to [channel][kh][kw]
            int taps = d.kernel() * d.kernel();
            for (int t = 0; t < taps; t++) {
                for (int c = 0; c < channels; c++) out[c * taps + t] = (byte) codes[t * channels + c];
            }
        } else {
            for (int i = 0; i < codes.length; i++) out[i] = (byte) codes[i];
        }
        return new PackedWeights(q.bits(), channels, per, out);
    }

    /** The scale index of output channel c, checked to be the same for all its weights. */
    private static int scaleIndex(QuantizedTensor q, Node n, int c, int per) {
        ChannelLayout layout = q.layout();
        boolean depthwise = n.op() instanceof Depthwise;
        int channels = q.codes().length / per;
        int first = depthwise ? c : c * per;
        int s = layout.channelOf(first);
        int last = depthwise ? (per - 1) * channels + c : c * per + per - 1;
        if (layout.channelOf(last) != s) throw new IllegalStateException(n.name() + ": output channel " + c + " spans two scales");
        return s;
    }

    /** Adds a folded batch norm's per-channel bias (beta - mean a, a = gamma / sqrt(var + eps) = 1 after folding). */
    private void addFoldedBias(BatchNormFold fold, double[] bias) {
        double[][] a = affine(fold.batchNorm(), fold.eps());
        for (int c = 0; c < bias.length; c++) {
            if (Math.abs(a[0][c] - 1) > 1e-5) throw new IllegalStateException(fold.batchNorm() + " is not folded: scale " + a[0][c]);
            bias[c] = bias[c] * a[0][c] + a[1][c];
        }
    }

    /** A batch norm as y = a x + b per channel: {a, b}. */
    private double[][] affine(String bn, double eps) {
        float[] gamma = values.get(bn + "/gamma");
        float[] beta = values.get(bn + "/beta");
        float[] mean = values.get(bn + "/mean");
        float[] var = values.get(bn + "/var");
        double[] a = new double[gamma.length];
        double[] b = new double[gamma.length];
        for (int c = 0; c < a.length; c++) {
            a[c] = gamma[c] / Math.sqrt(var[c] + eps);
            b[c] = beta[c] - mean[c] * a[c];
        }
        return new double[][] {a, b};
    }

    /**
     * The accumulator's headroom P: the largest in 0..{@value #MAX_ACCUMULATOR_SHIFT} with bound 2^P < 2^31, where
     * bound is the largest |acc| before the shift (+1 for the bias's rounding). TFLite's requantization rounds twice
     * (the high multiply to an integer, then the shift), so a small accumulator with a small multiplier keeps only a few
     * fractional bits, and its bias is rounded to one unit of scale_in scale_w; scaling the accumulator by 2^P gives
     * both P more bits (with 2-bit weights a first convolution's or a depthwise layer's outputs otherwise differ by a
     * step from the exactly rounded value for about 1 in 6 values).
     *
     * @throws LowbitException when even P = 0 could overflow int32
     */
    static int accumulatorShift(Node n, long bound) {
        if (bound > Integer.MAX_VALUE) throw new LowbitException("node " + n.name() + " could overflow a 32-bit accumulator");
        int p = 0;
        while (p < MAX_ACCUMULATOR_SHIFT && bound << (p + 1) <= Integer.MAX_VALUE) p++;
        return p;
    }

    private void add(Node n) {
        List<IntTensor> in = new ArrayList<>();
        for (String i : n.inputs()) in.add(real(n, i));
        if (in.size() > 8) throw new LowbitException("node " + n.name() + ": integer additions take at most 8 inputs, got " + in.size());
        Chain chain = chain(n, Nonlinearity.IDENTITY);
        IntTensor out = newTensor(chain.end(), graph.shape(n.name()), grid(chain.end()));
        double twiceMax = 0;
        for (IntTensor t : in) twiceMax = Math.max(twiceMax, 2 * t.scale());
        int[] ids = new int[in.size()];
        int[] zps = new int[in.size()];
        int[] mult = new int[in.size()];
        int[] shift = new int[in.size()];
        for (int i = 0; i < in.size(); i++) {
            FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(in.get(i).scale() / twiceMax);
            ids[i] = in.get(i).id();
            zps[i] = in.get(i).zeroPoint();
            mult[i] = m.multiplier();
            shift[i] = m.shift();
        }
        int divisor = n.op() instanceof Average ? in.size() : 1;
        double outUnit = twiceMax / (1 << IntOp.Add.LEFT_SHIFT) / divisor;
        Requantization rq = requantization(new double[] {outUnit}, out, chain.activation());
        ops.add(new IntOp.Add(n.name(), ids, out.id(), out.size(), zps, mult, shift, rq));
    }

    private void activation(Node n, Activation a) {
        IntTensor in = real(n, n.inputs().get(0));
        if (!grids.containsKey(n.name())) throw new LowbitException("node " + n.name() + " has no calibrated int8 grid");
        IntTensor out = newTensor(n.name(), graph.shape(n.name()), grid(n.name()));
        FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(0.5);
        double outUnit = 2 * in.scale() / (1 << IntOp.Add.LEFT_SHIFT);
        Requantization rq = requantization(new double[] {outUnit}, out, a.function());
        ops.add(new IntOp.Add(n.name(), new int[] {in.id()}, out.id(), out.size(), new int[] {in.zeroPoint()},
                new int[] {m.multiplier()}, new int[] {m.shift()}, rq));
    }

    private void avgPool(Node n) {
        IntTensor in = real(n, n.inputs().get(0));
        int kh;
        int kw;
        int stride;
        if (n.op() instanceof AvgPool p) {
            kh = p.kernel();
            kw = p.kernel();
            stride = p.stride();
        } else {
            kh = in.shape().height();
            kw = in.shape().width();
            stride = 1;
        }
        Chain chain = chain(n, Nonlinearity.IDENTITY);
        Shape outShape = graph.shape(n.name());
        IntTensor out = newTensor(chain.end(), outShape, grid(chain.end()));
        int shift = accumulatorShift(n, 255L * kh * kw);
        Requantization rq = requantization(new double[] {Math.scalb(in.scale() / (kh * kw), -shift)}, out, chain.activation());
        ops.add(new IntOp.AvgPool(n.name(), in.id(), out.id(), in.shape(), outShape, kh, kw, stride, in.zeroPoint(), shift, rq));
    }

    private void batchNorm(Node n, BatchNorm bn) {
        IntTensor in = real(n, n.inputs().get(0));
        Chain chain = chain(n, Nonlinearity.IDENTITY);
        IntTensor out = newTensor(chain.end(), graph.shape(n.name()), grid(chain.end()));
        double[][] ab = affine(n.name(), bn.eps());
        int channels = bn.channels();
        double[] effective = new double[channels]; // real value of (x - zp) 1 before the 2^P
        double largestBias = 0;
        for (int c = 0; c < channels; c++) {
            double a = ab[0][c];
            effective[c] = a != 0 ? in.scale() * Math.abs(a) : in.scale();
            largestBias = Math.max(largestBias, Math.abs(ab[1][c] / effective[c]));
        }
        int p = accumulatorShift(n, 256 + (long) Math.ceil(largestBias));
        int[] weight = new int[channels];
        int[] bias = new int[channels];
        double[] unit = new double[channels];
        for (int c = 0; c < channels; c++) {
            double a = ab[0][c];
            weight[c] = (a > 0 ? 1 : a < 0 ? -1 : 0) << p;
            unit[c] = effective[c] / (1 << p);
            bias[c] = int32(n, "bias", FixedPoint.roundHalfAway(ab[1][c] / unit[c]));
        }
        Requantization rq = requantization(unit, out, chain.activation());
        ops.add(new IntOp.ChannelAffine(n.name(), in.id(), out.id(), in.shape(), in.zeroPoint(), weight, bias, rq));
    }

    /** Max pooling or subsampling: the output keeps the input's grid. */
    private void window(Node n) {
        Ref r = refOf(n.inputs().get(0));
        Shape outShape = graph.shape(n.name());
        if (r instanceof Zero z) {
            refs.put(n.name(), new Zero(outShape, z.scale(), z.zeroPoint()));
            return;
        }
        IntTensor in = ((Real) r).tensor();
        IntTensor out = newTensor(n.name(), outShape, in.scale(), in.zeroPoint());
        if (n.op() instanceof MaxPool m) {
            ops.add(new IntOp.MaxPool(n.name(), in.id(), out.id(), in.shape(), outShape, m.size(), m.size(), m.size()));
        } else {
            ops.add(new IntOp.Subsample(n.name(), in.id(), out.id(), in.shape(), outShape, ((Subsample) n.op()).stride()));
        }
    }

    private void zeros(Node n) {
        Ref r = refOf(n.inputs().get(0));
        Shape shape = graph.shape(n.name());
        if (r instanceof Zero z) refs.put(n.name(), new Zero(shape, z.scale(), z.zeroPoint()));
        else refs.put(n.name(), new Zero(shape, ((Real) r).tensor().scale(), ((Real) r).tensor().zeroPoint()));
    }

    private void firstChannels(Node n, FirstChannels f) {
        Ref r = refOf(n.inputs().get(0));
        Shape shape = graph.shape(n.name());
        if (r instanceof Zero z) {
            refs.put(n.name(), new Zero(shape, z.scale(), z.zeroPoint()));
            return;
        }
        IntTensor in = ((Real) r).tensor();
        IntTensor out = newTensor(n.name(), shape, in.scale(), in.zeroPoint());
        ops.add(new IntOp.Concat(n.name(), out.id(), shape, new int[] {in.id()}, new int[] {f.count()}, in.zeroPoint()));
    }

    private void concat(Node n) {
        Shape shape = graph.shape(n.name());
        int parts = n.inputs().size();
        int[] sources = new int[parts];
        int[] channels = new int[parts];
        double scale = 0;
        int zp = 0;
        boolean allZero = true;
        for (int i = 0; i < parts; i++) {
            Ref r = refOf(n.inputs().get(i));
            double s = r instanceof Real re ? re.tensor().scale() : ((Zero) r).scale();
            int z = r instanceof Real re ? re.tensor().zeroPoint() : ((Zero) r).zeroPoint();
            if (i > 0 && (s != scale || z != zp)) {
                throw new LowbitException("node " + n.name() + ": integer concatenation needs inputs on one grid; "
                        + n.inputs().get(i) + " has scale " + s + ", zero point " + z + ", " + n.inputs().get(0) + " " + scale + ", " + zp);
            }
            scale = s;
            zp = z;
            sources[i] = r instanceof Real re ? re.tensor().id() : -1;
            channels[i] = graph.shape(n.inputs().get(i)).channels();
            allZero &= sources[i] < 0;
        }
        if (allZero) {
            refs.put(n.name(), new Zero(shape, scale, zp));
            return;
        }
        IntTensor out = newTensor(n.name(), shape, scale, zp);
        ops.add(new IntOp.Concat(n.name(), out.id(), shape, sources, channels, zp));
    }

    /** The requantization to {@code out} of accumulators whose unit is worth {@code unit[c]} (real value per unit). */
    private static Requantization requantization(double[] unit, IntTensor out, Nonlinearity act) {
        // one multiplier for all channels when they share it (per-tensor weight scales)
        boolean shared = java.util.Arrays.stream(unit).allMatch(u -> u == unit[0]);
        int[] mult = new int[shared ? 1 : unit.length];
        int[] shift = new int[mult.length];
        for (int c = 0; c < mult.length; c++) {
            FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(unit[c] / out.scale());
            mult[c] = m.multiplier();
            shift[c] = m.shift();
        }
        int zp = out.zeroPoint();
        int min = -128;
        int max = 127;
        boolean step = false;
        switch (act) {
            case IDENTITY -> {
            }
            case RELU -> min = zp;
            case RELU6 -> {
                min = zp;
                max = (int) Math.min(127, zp + Math.rint(6 / out.scale()));
            }
            case BINARY_STEP -> {
                step = true;
                min = zp;
                max = (int) Math.min(127, zp + Math.rint(1 / out.scale()));
            }
        }
        return new Requantization(mult, shift, zp, min, max, step);
    }

    private IntTensor real(Node n, String input) {
        Ref r = refOf(input);
        if (r instanceof Real re) return re.tensor();
        throw new LowbitException("node " + n.name() + " reads " + input + ", which is all zeros: not supported by integer inference");
    }

    private Ref refOf(String name) {
        Ref r = refs.get(name);
        if (r == null) throw new IllegalStateException("node " + name + " has no integer value yet");
        return r;
    }

    private AsymmetricQuantizer grid(String name) {
        AsymmetricQuantizer g = grids.get(name);
        if (g == null) throw new LowbitException("node " + name + " has no calibrated int8 grid");
        return g;
    }

    private IntTensor newTensor(String name, Shape shape, AsymmetricQuantizer grid) {
        return newTensor(name, shape, grid.step(), grid.zeroPoint() - 128);
    }

    private IntTensor newTensor(String name, Shape shape, double scale, int zeroPoint) {
        IntTensor t = new IntTensor(tensors.size(), name, shape, scale, zeroPoint);
        tensors.add(t);
        refs.put(name, new Real(t));
        return t;
    }

    private static int int32(Node n, String what, long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new LowbitException("node " + n.name() + ": " + what + " " + v + " does not fit in int32");
        return (int) v;
    }
}
