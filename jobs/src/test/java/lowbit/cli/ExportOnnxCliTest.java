package lowbit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import lowbit.data.read.Normalization;
import lowbit.data.shard.Manifest;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jNetworks;
import lowbit.engine.torch.TorchEngine;
import lowbit.eval.LabeledImages;
import lowbit.export.onnx.OnnxMetadata;
import lowbit.export.onnx.OnnxRuntimeModel;
import lowbit.model.LeNet;
import lowbit.ptq.PostTrainingQuantization;
import lowbit.ptq.QuantizationPlan;
import lowbit.testing.Shard;
import lowbit.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/lowbit export --format onnx and --verify of ONNX files, on a LeNet (torch engine model file) trained one pass over
 * shards of the first 1,000 real Fashion-MNIST training images, evaluated on the first test images; bad files exit with 2, a file that disagrees
 * with lowbit's model with 3.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("spark")
@Tag("data")
class ExportOnnxCliTest {
    @TempDir
    static Path tmp;
    static Path modelFile;
    static Path shards;
    static TrainableModel model;

    @BeforeAll
    static void modelAndShards() throws IOException {
        shards = tmp.resolve("fmnist");
        Shard.run("idx", firstImages(tmp.resolve("idx"), 1_000), shards);
        model = new TorchEngine(1).zoo("lenet", Map.of("seed", "42"));
        trainOnePass(model, LabeledImages.fromShards(shards.toString(), "train", 0, Normalization.UNIT));
        modelFile = tmp.resolve("lenet.zip");
        lowbit.engine.ModelFiles.save(model, modelFile);
    }

    @Test
    @Order(1)
    void exportWritesAnInt2FileAndVerifyComparesItWithLowbitsModel() {
        Path file = tmp.resolve("lenet-2bit.onnx");
        CliRun export = CliRun.of("export", "--format", "onnx", "--model", modelFile.toString(), "--output", file.toString(),
                "--bits", "2", "--per-channel", "--data", shards.toString());
        assertEquals(0, export.exitCode(), export.err());
        assertTrue(export.out().contains("onnx file") && export.out().contains("opset 25, IR version 13"), export.out());
        try (OnnxRuntimeModel onnx = OnnxRuntimeModel.open(file, 1)) {
            assertEquals(Manifest.read(shards.toString()).classes(), OnnxMetadata.classes(onnx.metadata()).orElseThrow());
            assertEquals("unit", onnx.metadata(OnnxMetadata.NORMALIZATION).orElseThrow());
        }

        CliRun verify = CliRun.of("export", "--verify", file.toString(), "--data", shards.toString(), "--model", modelFile.toString(),
                "--bits", "2", "--per-channel", "--limit", "500");
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
        System.out.print(export.out() + verify.out());
        LabeledImages images = LabeledImages.fromShards(shards.toString(), "test", 500, Normalization.UNIT);
        double expected = images.accuracy(PostTrainingQuantization.quantizedCopy(model,
                QuantizationPlan.uniform(model, 2, true, true), new TorchEngine(1)));
        String accuracy = String.format(Locale.ROOT, "accuracy %.4f", expected);
        assertTrue(verify.out().contains("ONNX Runtime 1.29.0: " + accuracy + " on 500 images"), verify.out());
        assertTrue(verify.out().contains("lowbit fake-quantized model: " + accuracy), verify.out());
        assertTrue(verify.out().contains("same class on 500 of 500 images") && verify.out().contains("PASSED"), verify.out());

        CliRun alone = CliRun.of("export", "--verify", file.toString(), "--data", shards.toString(), "--limit", "100");
        assertEquals(0, alone.exitCode(), alone.err());
        assertTrue(alone.out().contains("ONNX Runtime 1.29.0: accuracy") && !alone.out().contains("lowbit fake-quantized"), alone.out());

        Path meanStd = tmp.resolve("lenet-dataset-normalization.onnx");
        CliRun dataset = CliRun.of("export", "--model", modelFile.toString(), "--output", meanStd.toString(), "--data",
                shards.toString(), "--normalization", "dataset");
        assertEquals(0, dataset.exitCode(), dataset.err());
        try (OnnxRuntimeModel onnx = OnnxRuntimeModel.open(meanStd, 1)) {
            assertEquals("dataset", onnx.metadata(OnnxMetadata.NORMALIZATION).orElseThrow());
            assertTrue(onnx.metadata(OnnxMetadata.MEAN).orElseThrow().startsWith("[0.2"), onnx.metadata().toString());
        }
        CliRun unitInputs = CliRun.of("export", "--verify", meanStd.toString(), "--data", shards.toString());
        assertEquals(2, unitInputs.exitCode());
        assertTrue(unitInputs.err().contains("pass --normalization dataset"), unitInputs.err());

        CliRun otherBits = CliRun.of("export", "--verify", file.toString(), "--data", shards.toString(), "--model", modelFile.toString(),
                "--bits", "4", "--per-channel");
        assertEquals(2, otherBits.exitCode());
        assertTrue(otherBits.err().contains("--bits 2 --per-channel --scale max") && otherBits.err().contains(file.toString()),
                otherBits.err());
    }

    @Test
    @Order(2)
    void eightBitActivationsAreCalibratedOnTheTrainSplitAndVerified() {
        Path file = tmp.resolve("lenet-w8a8.onnx");
        String[] quantization = {"--bits", "8", "--per-channel", "--activation-bits", "8", "--calibration-images", "256"};
        CliRun export = CliRun.of(concat(new String[] {"export", "--model", modelFile.toString(), "--output", file.toString(),
                "--data", shards.toString()}, quantization));
        assertEquals(0, export.exitCode(), export.err());
        assertTrue(export.out().contains("8-bit activations, minmax ranges from the first 256 training images"), export.out());
        CliRun verify = CliRun.of(concat(new String[] {"export", "--verify", file.toString(), "--data", shards.toString(),
                "--model", modelFile.toString(), "--limit", "300"}, quantization));
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
        System.out.print(export.out() + verify.out());
        assertTrue(verify.out().contains("same class on 300 of 300 images") && verify.out().contains("tolerance 5e-02"), verify.out());

        CliRun fourBit = CliRun.of("export", "--format", "onnx", "--model", modelFile.toString(), "--output",
                tmp.resolve("a4.onnx").toString(), "--data", shards.toString(), "--activation-bits", "4");
        assertEquals(2, fourBit.exitCode());
        assertTrue(fourBit.err().contains("--activation-bits 8"), fourBit.err());
        CliRun packed = CliRun.of("export", "--model", modelFile.toString(), "--output", tmp.resolve("a8.lowbit").toString(),
                "--activation-bits", "8");
        assertEquals(2, packed.exitCode());
        assertTrue(packed.err().contains("--format onnx"), packed.err());
    }

    @Test
    @Order(3)
    void aFileThatDisagreesWithLowbitsModelExitsWithThree() throws IOException {
        Path file = tmp.resolve("lenet-2bit.onnx");
        Path other = tmp.resolve("untrained.zip");
        lowbit.engine.ModelFiles.save(new TorchEngine(1).zoo("lenet", Map.of("seed", "7")), other);
        CliRun verify = CliRun.of("export", "--verify", file.toString(), "--data", shards.toString(), "--model", other.toString(),
                "--bits", "2", "--per-channel", "--limit", "100");
        assertEquals(ExportCommand.VERIFICATION_FAILED, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains("FAILED"), verify.out());
    }

    @Test
    @Order(4)
    void corruptOrForeignFilesExitWithTwoAndNameTheFile() throws IOException {
        byte[] onnx = Files.readAllBytes(tmp.resolve("lenet-2bit.onnx"));
        Path truncated = Files.write(tmp.resolve("truncated.onnx"), Arrays.copyOf(onnx, onnx.length / 2));
        Path text = Files.writeString(tmp.resolve("notes.onnx"), "this is not a model\n");
        Path packed = tmp.resolve("lenet-2bit.lowbit");
        assertEquals(0, CliRun.of("export", "--model", modelFile.toString(), "--output", packed.toString(), "--bits", "2").exitCode());
        Path missing = tmp.resolve("missing.onnx");
        for (Path bad : new Path[] {truncated, text, packed, missing}) {
            CliRun verify = CliRun.of("export", "--verify", bad.toString(), "--format", "onnx", "--data", shards.toString());
            assertEquals(2, verify.exitCode(), bad + ": " + verify.out() + verify.err());
            assertTrue(verify.err().contains(bad.toString()), verify.err());
            assertTrue(!verify.err().contains("unexpected failure"), verify.err());
            System.out.println(verify.err().trim());
        }
        assertTrue(CliRun.of("export", "--verify", packed.toString(), "--format", "onnx", "--data", shards.toString()).err()
                .contains("lowbit packed model file"));
    }

    @Test
    @Order(5)
    void aModelTrainedOnDl4jExportsButAnOlderDl4jZipHasNoGraphToExport() throws IOException {
        Path dl4jModel = tmp.resolve("dl4j-model.zip");
        lowbit.engine.ModelFiles.save(lowbit.engine.Engines.named("dl4j", 1).zoo("lenet", Map.of("seed", "3")), dl4jModel);
        CliRun ok = CliRun.of("export", "--model", dl4jModel.toString(), "--output", tmp.resolve("dl4j-model.onnx").toString());
        assertEquals(0, ok.exitCode(), ok.out() + ok.err());

        Path dl4j = tmp.resolve("dl4j.zip");
        Dl4jNetworks.build(LeNet.mnist(3)).saveDl4jZip(dl4j);
        CliRun export = CliRun.of("export", "--model", dl4j.toString(), "--output", tmp.resolve("dl4j.onnx").toString());
        assertEquals(2, export.exitCode());
        assertTrue(export.err().contains(dl4j.toString()) && export.err().contains("lowbit model file"), export.err());
    }

    /** SGD with momentum 0.9, lr 0.01, batch 32, one pass. */
    static void trainOnePass(TrainableModel m, LabeledImages train) {
        float[] w = m.parameters();
        float[] velocity = new float[w.length];
        for (lowbit.data.read.Batch b : train.batches(32)) {
            m.forwardBackward(b.features(), b.labels());
            float[] g = m.gradients();
            for (int i = 0; i < w.length; i++) {
                velocity[i] = 0.9f * velocity[i] + g[i];
                w[i] -= 0.01f * velocity[i];
            }
            m.setParameters(w);
        }
    }

    /** An IDX folder with the first {@code n} training and test images (and labels) of the real Fashion-MNIST files. */
    static Path firstImages(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        for (String prefix : new String[] {"train", "t10k"}) {
            copyFirst(prefix + "-images-idx3-ubyte.gz", dir, n, 28 * 28, 2);
            copyFirst(prefix + "-labels-idx1-ubyte.gz", dir, n, 1, 0);
        }
        return dir;
    }

    private static void copyFirst(String name, Path dir, int n, int recordBytes, int extraDims) throws IOException {
        try (InputStream raw = new GZIPInputStream(Files.newInputStream(SharedData.path("fashion-mnist").resolve(name)));
             DataInputStream in = new DataInputStream(raw);
             OutputStream file = Files.newOutputStream(dir.resolve(name));
             DataOutputStream out = new DataOutputStream(new GZIPOutputStream(file))) {
            out.writeInt(in.readInt());
            in.readInt();
            out.writeInt(n);
            for (int d = 0; d < extraDims; d++) out.writeInt(in.readInt());
            out.write(in.readNBytes(n * recordBytes));
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
