package lowbit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import lowbit.data.read.Normalization;
import lowbit.engine.ModelFiles;
import lowbit.export.c.CHarness;
import lowbit.export.integer.IntegerConversion;
import lowbit.export.integer.IntegerEvaluation;
import lowbit.export.integer.IntegerInference;
import lowbit.export.integer.RawImages;
import lowbit.model.graph.Shape;
import lowbit.ptq.ActivationRangeRule;
import lowbit.ptq.QuantizationPlan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The published MLPerf Tiny person detector, imported with bin/lowbit import (torch engine), deploys through both export
 * paths, checked on all 1,000 real Visual Wake Words images (the 776 train and 224 test images of {@link PublishedPersonDetector}):
 * <ul>
 * <li>ONNX at 2, 4 and 8 bits per channel: the file is at most 1.1 x its theoretical size plus its graph structure, and
 * export --verify runs it in ONNX Runtime with the same class as lowbit's fake-quantized model on every image and every
 * logit within the tolerance;</li>
 * <li>C at 4 and 2 bits per channel (int8 activations calibrated on the first 512 train images): the library the command
 * wrote, compiled with cc -std=c99 -Wall -Werror -O2 (and -Wextra -pedantic), classifies every image bit for bit as the
 * Java integer reference does (class and score bits; every tensor of the first two images), and the integer accuracy is
 * within 1 point of the fake-quantized model's on the same images.</li>
 * </ul>
 */
@Tag("spark")
@Tag("data")
class PersonDetectorDeploymentTest {
    static final Shape IMAGE = Shape.image(3, 96, 96);

    @TempDir
    static Path tmp;
    static Path shards;
    static Path modelFile;

    @BeforeAll
    static void shardAndImport() {
        long t0 = System.nanoTime();
        shards = PublishedPersonDetector.shard(tmp.resolve("vww"));
        PublishedPersonDetector.importInto(tmp.resolve("pd"));
        modelFile = tmp.resolve("pd/model.zip");
        System.out.printf(Locale.ROOT, "PersonDetectorDeploymentTest: sharded and imported in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void onnxRunsInOnnxRuntimeAsLowbitsFakeQuantizedModelOnEveryImage(int bits) throws IOException {
        long t0 = System.nanoTime();
        Path file = tmp.resolve("pd-" + bits + ".onnx");
        String b = Integer.toString(bits);
        CliRun export = CliRun.of("export", "--format", "onnx", "--model", modelFile.toString(), "--output", file.toString(), "--bits", b,
                "--per-channel", "--data", shards.toString());
        assertEquals(0, export.exitCode(), export.out() + export.err());
        long fileBytes = number(export.out(), "onnx file ([0-9,]+) bytes");
        long theoretical = number(export.out(), "theoretical ([0-9,]+) bytes");
        long structure = number(export.out(), "([0-9,]+) of graph structure");
        assertEquals(Files.size(file), fileBytes);
        assertTrue(fileBytes <= 1.1 * theoretical + structure, export.out());

        int images = 0;
        int correct = 0;
        for (String split : List.of("train", "test")) {
            CliRun verify = CliRun.of("export", "--verify", file.toString(), "--data", shards.toString(), "--split", split,
                    "--model", modelFile.toString(), "--bits", b, "--per-channel");
            assertEquals(0, verify.exitCode(), verify.out() + verify.err());
            Matcher same = Pattern.compile("same class on (\\d+) of (\\d+) images").matcher(verify.out());
            assertTrue(same.find() && same.group(1).equals(same.group(2)) && verify.out().contains("PASSED"), verify.out());
            int n = Integer.parseInt(same.group(2));
            double onnx = Double.parseDouble(group(verify.out(), "ONNX Runtime [0-9.]+: accuracy ([0-9.]+) on " + n + " images"));
            assertEquals(onnx, Double.parseDouble(group(verify.out(), "lowbit fake-quantized model: accuracy ([0-9.]+)")), verify.out());
            images += n;
            correct += (int) Math.round(onnx * n);
            System.out.print(verify.out());
        }
        assertEquals(1000, images);
        System.out.printf(Locale.ROOT, "ONNX %d-bit: file %,d bytes, theoretical %,d, structure %,d; ONNX Runtime and lowbit: same class on "
                + "1000 of 1000 images, accuracy %.1f %% (%.1f s)%n", bits, fileBytes, theoretical, structure, correct / 10.0,
                (System.nanoTime() - t0) / 1e9);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 2})
    void cClassifiesEveryImageBitForBitAsTheJavaIntegerReference(int bits) throws IOException {
        long t0 = System.nanoTime();
        Path dir = tmp.resolve("pd-c" + bits);
        CliRun export = CliRun.of("export", "--format", "c", "--model", modelFile.toString(), "--data", shards.toString(),
                "--output", dir.toString(), "--bits", Integer.toString(bits), "--per-channel");
        assertEquals(0, export.exitCode(), export.out() + export.err());
        assertTrue(export.out().contains("compiled model.c with cc -std=c99 -Wall -Werror -O2"), export.out());
        System.out.print(export.out());

        // the command's conversion in-process: the first 512 train images calibrate, the model file's [0, 1] scaling
        ModelFiles.Loaded loaded = ModelFiles.read(modelFile, null, 0);
        assertEquals("torch", loaded.engine().name());
        Normalization scaling = loaded.input(null);
        assertTrue(scaling != null && scaling.mean() == null, "the model file records pixel / 255");
        RawImages calibration = RawImages.fromShards(shards.toString(), "train", 512, IMAGE);
        IntegerConversion reference = IntegerConversion.convert(loaded.model(), loaded.engine(),
                QuantizationPlan.uniform(loaded.model(), bits, true, true), CFormatExport.calibrationBatches(calibration, scaling),
                ActivationRangeRule.MINMAX, scaling);

        RawImages images = allImages();
        List<IntegerInference.Result> java = new ArrayList<>();
        for (byte[] image : images.pixels()) java.add(IntegerInference.run(reference.integer(), image));
        long t1 = System.nanoTime();
        List<CHarness.Run> c = CHarness.run(CHarness.build(dir, false), images, 2);
        long t2 = System.nanoTime();
        CHarness.assertBitExact(reference.integer(), java, c, 2);
        IntegerEvaluation accuracy = IntegerEvaluation.of(java.stream().mapToInt(IntegerInference.Result::predicted).toArray(),
                reference.fakeQuantized(), images, scaling);
        System.out.printf(Locale.ROOT, "C %d-bit: bit-exact with the Java reference on %d images; %s (%.1f s, of it C %.1f s)%n", bits,
                images.size(), accuracy.describe("the 1,000 VWW images"), (System.nanoTime() - t0) / 1e9, (t2 - t1) / 1e9);
        assertTrue(Math.abs(accuracy.integerAccuracy() - accuracy.fakeQuantizedAccuracy()) <= 0.01, accuracy.describe("all"));
    }

    /** The train split's images, then the test split's: all 1,000. */
    private static RawImages allImages() {
        RawImages train = RawImages.fromShards(shards.toString(), "train", 0, IMAGE);
        RawImages test = RawImages.fromShards(shards.toString(), "test", 0, IMAGE);
        List<byte[]> pixels = new ArrayList<>(train.pixels());
        pixels.addAll(test.pixels());
        int[] labels = new int[pixels.size()];
        System.arraycopy(train.labels(), 0, labels, 0, train.size());
        System.arraycopy(test.labels(), 0, labels, train.size(), test.size());
        assertEquals(1000, labels.length);
        return new RawImages(IMAGE, pixels, labels);
    }

    private static long number(String text, String regex) {
        return Long.parseLong(group(text, regex).replace(",", ""));
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no '" + regex + "' in:\n" + text);
        return m.group(1);
    }
}
