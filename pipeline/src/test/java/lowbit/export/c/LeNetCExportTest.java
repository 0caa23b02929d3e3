package lowbit.export.c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import lowbit.data.read.Normalization;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.engine.dl4j.Dl4jModel;
import lowbit.engine.dl4j.Dl4jNetworks;
import lowbit.export.integer.IntegerConversion;
import lowbit.export.integer.IntegerEvaluation;
import lowbit.export.integer.IntegerInference;
import lowbit.export.integer.RawImages;
import lowbit.model.LeNet;
import lowbit.model.graph.Shape;
import lowbit.ptq.ActivationRangeRule;
import lowbit.ptq.QuantizationPlan;
import lowbit.quant.ScaleRule;
import lowbit.testdata.FashionMnistSample;
import lowbit.testdata.TrainedLeNet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C export of a LeNet trained on real Fashion-MNIST ({@link TrainedLeNet}), on the first 1,000 official test
 * images: the integer program's accuracy is within 1 point of the fake-quantized model's (quantized weights, float
 * activations) at 8 and 4 bits (2 bits reported), and the compiled C equals the Java reference bit for bit.
 */
@Tag("data")
class LeNetCExportTest {
    private static final int CALIBRATION = 512;
    private static final int TRACED = 3;

    @TempDir
    static Path tmp;
    static RawImages test;
    static List<Tensor> calibration;

    @BeforeAll
    static void data() throws IOException {
        FashionMnistSample t = FashionMnistSample.firstTest(TrainedLeNet.TEST);
        test = raw(t);
        FashionMnistSample train = FashionMnistSample.firstTrain(CALIBRATION);
        calibration = new ArrayList<>();
        for (int from = 0; from < CALIBRATION; from += 128) calibration.add(raw(train).floats(from, from + 128, Normalization.UNIT));
    }

    /** The uint8 pixels the shards hold (the sample has them as p / 255f). */
    static RawImages raw(FashionMnistSample s) {
        float[] f = s.images().data();
        int n = s.labels().length;
        List<byte[]> pixels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] p = new byte[784];
            for (int j = 0; j < 784; j++) p[j] = (byte) Math.round(f[i * 784 + j] * 255f);
            pixels.add(p);
        }
        return new RawImages(Shape.image(1, 28, 28), pixels, s.labels());
    }

    @Test
    void integerAccuracyIsWithinOnePointOfFakeQuantizedAndTheCEqualsTheJavaReference() throws IOException {
        TrainableModel model = trainedLeNet();
        record Case(int bits, boolean perChannel, ScaleRule rule) {
        }
        List<String> report = new ArrayList<>();
        for (Case c : List.of(new Case(8, false, ScaleRule.MAX), new Case(4, true, ScaleRule.MAX), new Case(2, true, ScaleRule.MSE))) {
            long t0 = System.nanoTime();
            QuantizationPlan plan = QuantizationPlan.uniform(model, c.bits(), c.perChannel(), true).withScaleRule(c.rule());
            IntegerConversion conv = IntegerConversion.convert(model, new Dl4jEngine(), plan, calibration, ActivationRangeRule.MINMAX,
                    Normalization.UNIT);
            List<IntegerInference.Result> java = new ArrayList<>();
            for (byte[] image : test.pixels()) java.add(IntegerInference.run(conv.integer(), image));
            int[] predicted = java.stream().mapToInt(IntegerInference.Result::predicted).toArray();
            IntegerEvaluation eval = IntegerEvaluation.of(predicted, conv.fakeQuantized(), test, Normalization.UNIT);
            long t1 = System.nanoTime();
            Path dir = tmp.resolve("lenet-" + c.bits());
            CExport.write(conv.integer(), info(), dir);
            CToolchain.Sections compiled = CToolchain.measure(dir, CToolchain.HOST);
            long flash = conv.integer().flashBytes();
            assertTrue(Math.abs(compiled.rodata() - flash) < 1024, "flash accounting " + flash + " vs the compiler's " + compiled.describe());
            Path harness = CHarness.build(dir, c.bits() == 4);
            List<CHarness.Run> runs = CHarness.run(harness, test, TRACED);
            CHarness.assertBitExact(conv.integer(), java, runs, TRACED);
            report.add(String.format(Locale.ROOT, "LeNet %d-bit %s %s: %s; flash %,d (%s), arena %,d, MACs %,d (convert+evaluate %.1f s, "
                            + "C build+run+compare %.1f s)", c.bits(), c.perChannel() ? "per-channel" : "per-tensor", c.rule(),
                    eval.describe("Fashion-MNIST test"), flash, compiled.describe(), conv.integer().arena().bytes(), conv.integer().macs(),
                    (t1 - t0) / 1e9,
                    (System.nanoTime() - t1) / 1e9));
            if (c.bits() >= 4) {
                assertTrue(Math.abs(eval.integerAccuracy() - eval.fakeQuantizedAccuracy()) <= 0.01, report.get(report.size() - 1));
            }
            assertTrue(eval.fakeQuantizedAccuracy() > 0.7, "the model is trained: " + report.get(report.size() - 1));
            if (c.bits() == 4) demoMatchesTheReference(conv, dir);
        }
        report.forEach(System.out::println);
    }

    /** main.c prints the same class and scores (%.9g reads back as the same float) for raw and PGM input. */
    private static void demoMatchesTheReference(IntegerConversion conv, Path dir) throws IOException {
        int n = 20;
        List<byte[]> first = test.pixels().subList(0, n);
        Path raw = dir.resolve("images.raw");
        Files.write(raw, new RawImages(test.shape(), first, java.util.Arrays.copyOf(test.labels(), n)).concatenated());
        Path pgm = dir.resolve("two.pgm");
        byte[] header = "P5\n# two images\n28 28\n255\n".getBytes(StandardCharsets.US_ASCII);
        try (var out = Files.newOutputStream(pgm)) {
            for (int i = 0; i < 2; i++) {
                out.write(header);
                out.write(first.get(i));
            }
        }
        String printed = CToolchain.run(List.of(dir.resolve("classify").toString(), raw.toString(), pgm.toString()), dir);
        List<String> lines = printed.lines().toList();
        assertEquals(n + 2, lines.size(), printed);
        for (int i = 0; i < n + 2; i++) {
            int image = i < n ? i : i - n;
            IntegerInference.Result java = IntegerInference.run(conv.integer(), first.get(image));
            String line = lines.get(i);
            String prefix = (i < n ? raw : pgm) + "[" + (i < n ? i : i - n) + "]: class " + java.predicted() + " class" + java.predicted() + ", scores ";
            assertTrue(line.startsWith(prefix), line + " does not start with " + prefix);
            String[] scores = line.substring(prefix.length()).split(" ");
            for (int k = 0; k < scores.length; k++) assertEquals(java.scores()[k], Float.parseFloat(scores[k]), 0f, line);
        }
        CToolchain.run(List.of("sh", "-c", "! " + dir.resolve("classify") + " " + dir.resolve(CLibrary.HEADER) + " 2>/dev/null"), dir);
        Files.delete(raw);
        Files.delete(pgm);
    }

    /**
     * The trained LeNet with its graph: a DL4J zip (TrainedLeNet's cache) does not record which zoo model it is, so the
     * parameters go into a LeNet built from the same graph.
     */
    static TrainableModel trainedLeNet() {
        Dl4jModel withGraph = Dl4jNetworks.build(LeNet.mnist(42));
        withGraph.setParameters(TrainedLeNet.model().parameters());
        return withGraph;
    }

    static CLibrary.Info info() {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < 10; k++) names.add("class" + k);
        return new CLibrary.Info(List.of("LeNet trained on Fashion-MNIST (test model)"), names);
    }
}
