package lowbit.export.c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import lowbit.LowbitException;
import lowbit.data.image.Pixels;
import lowbit.data.image.ImageDecoder;
import lowbit.data.image.Preprocessor;
import lowbit.data.read.Normalization;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.engine.torch.TorchEngine;
import lowbit.engine.torch.TorchModel;
import lowbit.export.integer.IntOp;
import lowbit.export.integer.IntTensor;
import lowbit.export.integer.IntegerConversion;
import lowbit.export.integer.IntegerInference;
import lowbit.export.integer.IntegerModel;
import lowbit.export.integer.McuFootprint;
import lowbit.export.integer.RawImages;
import lowbit.export.integer.Requantization;
import lowbit.model.graph.Activation;
import lowbit.model.graph.Add;
import lowbit.model.graph.AvgPool;
import lowbit.model.graph.BatchNorm;
import lowbit.model.graph.Conv;
import lowbit.model.graph.Dense;
import lowbit.model.graph.Depthwise;
import lowbit.model.graph.GlobalAvgPool;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.Nonlinearity;
import lowbit.model.graph.Padding;
import lowbit.model.graph.ParamKind;
import lowbit.model.graph.ParamView;
import lowbit.model.graph.Shape;
import lowbit.ptq.ActivationRangeRule;
import lowbit.ptq.CalibratedActivations;
import lowbit.ptq.QuantizationPlan;
import lowbit.quant.ScaleRule;
import lowbit.testdata.FashionMnistSample;
import lowbit.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every layer of the zoo through the C export, on real images, with untrained weights and batch-norm statistics of
 * the images themselves (a few training-mode passes without a step): the Java integer program follows the
 * fake-quantized model with the same int8 activation grids (almost every int8 value equal or one step off), and the
 * compiled C equals it bit for bit (every tensor, the scores' bits).
 */
@Tag("data")
class ZooCExportTest {
    @TempDir
    static Path tmp;
    static TorchEngine engine;

    @BeforeAll
    static void engine() {
        CHarness.requireCompiler();
        engine = new TorchEngine(1);
    }

    @Test
    void personDetectionMobileNet() throws IOException {
        TrainableModel m = engine.zoo("mobilenetv1", Map.of("seed", "3"));
        check("mobilenetv1 8-bit per-tensor", m, engine.build(m.architecture()), QuantizationPlan.uniform(m, 8, false, true), personImages());
    }

    @Test
    void quantizationFriendlyMobileNetWithSamePaddingAndBiasesAt2Bits() throws IOException {
        TrainableModel m = engine.zoo("mobilenetv1", Map.of("seed", "4", "block", "quant-friendly", "padding", "same", "bias", "true"));
        QuantizationPlan plan = QuantizationPlan.uniform(m, 2, true, true).withScaleRule(ScaleRule.MSE);
        check("mobilenetv1 quant-friendly same-padding 2-bit", m, engine.build(m.architecture()), plan, personImages());
    }

    /**
     * Dead channels, as trained networks have them (the published Visual Wake Words detector in most pointwise layers): a
     * batch norm's gamma of 1e-32 folds into weights with a per-channel scale near 1e-34, the channel's output is its
     * bias alone, and that bias in units of scale_in x scale_w does not fit in int32.
     */
    @Test
    void deadChannelsOfBatchNormsWithGammaNearZero() throws IOException {
        TrainableModel m = engine.zoo("mobilenetv1", Map.of("seed", "9", "size", "32", "channels", "3", "classes", "10", "bias", "true"));
        float[] p = m.parameters();
        for (ParamView v : m.parameterViews()) {
            if (v.kind() == ParamKind.BN_GAMMA) p[v.offset() + 1] = 1e-32f;
            if (v.kind() == ParamKind.BN_BETA) p[v.offset() + 1] = 0.5f;
        }
        m.setParameters(p);
        check("mobilenetv1 dead channels 4-bit", m, engine.build(m.architecture()), QuantizationPlan.uniform(m, 4, true, true), cifarImages(8));
    }

    @Test
    void resNet20WithZeroPaddedShortcuts() throws IOException {
        TrainableModel m = engine.zoo("resnet20", Map.of("seed", "5"));
        check("resnet20 4-bit", m, engine.build(m.architecture()), QuantizationPlan.uniform(m, 4, true, true), cifarImages(12));
    }

    @Test
    void preActivationResNet20WithUnfoldedBatchNormsAndProjections() throws IOException {
        TrainableModel m = engine.zoo("preact-resnet20", Map.of("seed", "6", "shortcut", "projection"));
        check("preact-resnet20 projection 4-bit", m, engine.build(m.architecture()), QuantizationPlan.uniform(m, 4, true, true), cifarImages(8));
    }

    @Test
    void enResNet20AveragesItsMembersWithoutNoise() throws IOException {
        TrainableModel m = engine.zoo("enresnet20", Map.of("seed", "7", "members", "2", "noise", "0"));
        check("enresnet20 noise=0 8-bit", m, engine.build(m.architecture()), QuantizationPlan.uniform(m, 8, true, true), cifarImages(6));
    }

    @Test
    void noiseInjectionIsRefusedNamingTheNode() throws IOException {
        TrainableModel m = engine.zoo("enresnet20", Map.of("seed", "7", "members", "1"));
        RawImages images = cifarImages(4);
        LowbitException e = assertThrows(LowbitException.class, () -> IntegerConversion.convert(m, engine,
                QuantizationPlan.uniform(m, 8, true, true), List.of(images.floats(0, 4, Normalization.UNIT)), ActivationRangeRule.MINMAX,
                Normalization.UNIT));
        assertTrue(e.getMessage().contains("m0.s1b1.noise") && e.getMessage().contains("noise=0"), e.getMessage());
        assertEquals(Optional.empty(), McuFootprint.of(m, QuantizationPlan.uniform(m, 8, true, true)));
    }

    @Test
    void binaryActivationLeNet() throws IOException {
        TrainableModel m = engine.zoo("lenet", Map.of("seed", "8", "activation", "binary"));
        check("lenet activation=binary 4-bit", m, engine.build(m.architecture()), QuantizationPlan.uniform(m, 4, true, true), fashionImages(16));
    }

    /**
     * A graph of the ops no zoo model has together: overlapping average pooling, an activation of a stored tensor (the
     * convolution's output is read by the ReLU and by the addition), asymmetric padding at stride 2, a conv with a bias
     * and a folded batch norm, a depthwise convolution with a bias and no batch norm, global average pooling.
     */
    @Test
    void averagePoolingAndActivationsOfStoredTensors() throws IOException {
        ModelGraph.Builder g = new ModelGraph.Builder(Shape.image(1, 28, 28), 9);
        String c1 = g.add("c1", new Conv(1, 8, 3, 1, 1, true));
        String r1 = g.add("r1", new Activation(Nonlinearity.RELU), c1);
        g.add("sum", new Add(), r1, c1);
        g.add("avg", new AvgPool(3, 2));
        g.add("c2", new Conv(8, 12, 3, 2, new Padding(0, 0, 1, 1), true));
        g.add("bn2", new BatchNorm(12));
        g.add("relu6", new Activation(Nonlinearity.RELU6));
        g.add("dw", new Depthwise(12, 3, 1, new Padding(1, 0, 1, 2), true));
        g.add("gap", new GlobalAvgPool());
        g.add("fc", Dense.classifier(12, 10));
        ModelGraph graph = g.build();
        TorchModel m = TorchModel.of(graph, "test graph", 1);
        check("average pooling test graph 8-bit", m, TorchModel.of(graph, "test graph", 1), QuantizationPlan.uniform(m, 8, true, true),
                fashionImages(16));
    }

    /**
     * Warms the batch-norm statistics on the images, converts, compares the Java integer program with the
     * fake-quantized model under the same activation grids, exports, compiles and compares the C bit for bit.
     */
    private static void check(String name, TrainableModel model, TrainableModel copy, QuantizationPlan plan, RawImages images) throws IOException {
        long t0 = System.nanoTime();
        Normalization unit = Normalization.UNIT;
        Tensor all = images.floats(0, images.size(), unit);
        int[] labels = new int[images.size()];
        for (int i = 0; i < 3; i++) model.forwardBackward(all, labels); // running statistics of real images; no step
        IntegerConversion conv = IntegerConversion.convert(model, copy, plan, List.of(all), ActivationRangeRule.MINMAX, unit);
        IntegerModel integer = conv.integer();
        assertEquals(Optional.of(new McuFootprint(integer.flashBytes(), integer.ramBytes(), integer.macs())), McuFootprint.of(model, plan),
                "the footprint without calibration is the export's");
        List<IntegerInference.Result> java = new ArrayList<>();
        for (byte[] image : images.pixels()) java.add(IntegerInference.run(integer, image));

        // the same network in float with the same int8 grids on its stored tensors: every op on that model's own int8
        // inputs (isolated: only the op's rounding differs), and the whole program end to end
        Map<String, Tensor> fake = conv.fakeQuantized().activations(all, new CalibratedActivations(conv.ranges(), 8));
        float[] probabilities = fake.get(lastNode(conv)).data();
        int classes = integer.classes();
        long values = 0;
        long stepValues = 0;
        long stepFlips = 0;
        long isolatedEqual = 0;
        long endToEndWithinOne = 0;
        int isolatedMax = 0;
        String worst = "";
        double isolatedProbabilityGap = 0;
        double probabilityGap = 0;
        for (int i = 0; i < images.size(); i++) {
            byte[][] own = new byte[integer.tensors().size()][];
            for (IntTensor t : integer.tensors()) own[t.id()] = codes(fake.get(t.name()).data(), i, t);
            for (IntOp op : integer.ops()) {
                float[] scores = new float[classes];
                byte[] got = IntegerInference.step(integer, op, images.pixels().get(i), own, scores);
                if (got == null) {
                    isolatedProbabilityGap = Math.max(isolatedProbabilityGap, gap(softmax(scores), probabilities, i));
                    continue;
                }
                byte[] expected = own[op.output()];
                byte[] endToEnd = java.get(i).tensors()[op.output()];
                boolean step = step(op);
                for (int j = 0; j < got.length; j++) {
                    int d = Math.abs(got[j] - expected[j]);
                    if (step) {
                        // 1{x > 0}: where the float sum is 0 up to rounding, its sign decides the whole range
                        stepValues++;
                        if (d != 0) stepFlips++;
                        continue;
                    }
                    values++;
                    if (d == 0) isolatedEqual++;
                    if (d > isolatedMax) {
                        isolatedMax = d;
                        worst = op.node();
                    }
                    if (Math.abs(endToEnd[j] - expected[j]) <= 1) endToEndWithinOne++;
                }
            }
            probabilityGap = Math.max(probabilityGap, gap(softmax(java.get(i).scores()), probabilities, i));
        }
        long t1 = System.nanoTime();

        Path dir = tmp.resolve(name.replaceAll("[^a-z0-9]+", "-"));
        CExport.write(integer, new CLibrary.Info(List.of(name), classNames(integer.classes())), dir);
        Path harness = CHarness.build(dir, false);
        List<CHarness.Run> c = CHarness.run(harness, images, images.size());
        CHarness.assertBitExact(integer, java, c, images.size());
        System.out.printf(Locale.ROOT, "%s: %d int8 tensors; each op on the fake-quantized model's int8 inputs: %.4f of values equal, "
                        + "largest difference %d step(s) (%s)%s, class probabilities within %.1e; end to end: %.4f within one step, "
                        + "probabilities within %.4f; flash %,d, arena %,d, MACs %,d; C bit-exact on %d images (%.1f s + C %.1f s)%n",
                name, integer.tensors().size(), (double) isolatedEqual / values, isolatedMax, worst,
                stepValues == 0 ? "" : String.format(Locale.ROOT, ", binary steps flipped %d of %d", stepFlips, stepValues), isolatedProbabilityGap,
                (double) endToEndWithinOne / values, probabilityGap, integer.flashBytes(), integer.arena().bytes(), integer.macs(),
                images.size(), (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
        assertTrue(isolatedMax <= 1, name + ": an op differs from the fake-quantized model by " + isolatedMax + " steps at " + worst);
        assertTrue((double) isolatedEqual / values > 0.999, name + ": " + isolatedEqual + " of " + values + " values equal");
        assertTrue(stepFlips <= stepValues / 1000, name + ": " + stepFlips + " of " + stepValues + " binary steps flipped");
        assertTrue(isolatedProbabilityGap < 1e-3, name + ": classifier probabilities differ by " + isolatedProbabilityGap);
        assertTrue(probabilityGap < 0.05, name + ": end-to-end class probabilities differ by " + probabilityGap);
    }

    private static boolean step(IntOp op) {
        Requantization rq = op instanceof IntOp.Conv c ? c.rq() : op instanceof IntOp.Depthwise d ? d.rq() : op instanceof IntOp.Dense d ? d.rq()
                : op instanceof IntOp.AvgPool a ? a.rq() : op instanceof IntOp.Add a ? a.rq() : op instanceof IntOp.ChannelAffine a ? a.rq() : null;
        return rq != null && rq.step();
    }

    /** Image i's values of a tensor of the fake-quantized model as int8 codes of t's grid (they are on it). */
    private static byte[] codes(float[] batch, int i, IntTensor t) {
        byte[] q = new byte[t.size()];
        for (int j = 0; j < q.length; j++) {
            q[j] = (byte) Math.max(-128, Math.min(127, Math.round(batch[i * q.length + j] / t.scale()) + t.zeroPoint()));
        }
        return q;
    }

    private static double gap(float[] p, float[] probabilities, int image) {
        double g = 0;
        for (int k = 0; k < p.length; k++) g = Math.max(g, Math.abs(p[k] - probabilities[image * p.length + k]));
        return g;
    }

    private static String lastNode(IntegerConversion conv) {
        return conv.fakeQuantized().graphNodes().get(conv.fakeQuantized().graphNodes().size() - 1).name();
    }

    private static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) max = Math.max(max, l);
        double sum = 0;
        double[] e = new double[logits.length];
        for (int k = 0; k < e.length; k++) sum += e[k] = Math.exp(logits[k] - max);
        float[] p = new float[logits.length];
        for (int k = 0; k < p.length; k++) p[k] = (float) (e[k] / sum);
        return p;
    }

    static List<String> classNames(int classes) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < classes; k++) names.add("class " + k);
        return names;
    }

    /** TFLite Micro's two 96x96 grayscale test images and 6 Visual Wake Words images in grayscale. */
    static RawImages personImages() throws IOException {
        Preprocessor gray = new Preprocessor(96, 96, true, "triangle");
        List<byte[]> pixels = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (String f : List.of("person.bmp", "no_person.bmp")) {
            pixels.add(gray.apply(ImageDecoder.decode(Files.readAllBytes(SharedData.path("tflm/" + f)))).data());
            labels.add(f.startsWith("person") ? 1 : 0);
        }
        for (String folder : List.of("person", "non_person")) {
            try (Stream<Path> files = Files.list(SharedData.path("vww96/" + folder))) {
                for (Path p : files.sorted().limit(3).toList()) {
                    Pixels px = gray.apply(ImageDecoder.decode(Files.readAllBytes(p)));
                    pixels.add(px.data());
                    labels.add(folder.equals("person") ? 1 : 0);
                }
            }
        }
        return new RawImages(Shape.image(1, 96, 96), pixels, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The first n of the 50 lossless CIFAR-10 test images (binary records: a label byte, then 3 x 32 x 32 channel-major). */
    static RawImages cifarImages(int n) throws IOException {
        List<byte[]> pixels = new ArrayList<>();
        int[] labels = new int[n];
        try (InputStream in = Files.newInputStream(SharedData.path("cifar10-bin/test_sample.bin"))) {
            for (int i = 0; i < n; i++) {
                labels[i] = in.read();
                pixels.add(in.readNBytes(3072));
            }
        }
        return new RawImages(Shape.image(3, 32, 32), pixels, labels);
    }

    static RawImages fashionImages(int n) throws IOException {
        RawImages all = LeNetCExportTest.raw(FashionMnistSample.firstTest(n));
        return new RawImages(all.shape(), all.pixels(), Arrays.copyOf(all.labels(), n));
    }
}
