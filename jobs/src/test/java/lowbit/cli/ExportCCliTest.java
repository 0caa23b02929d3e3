package lowbit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import lowbit.data.read.Normalization;
import lowbit.data.shard.Manifest;
import lowbit.engine.ModelFiles;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.export.c.CLibrary;
import lowbit.export.c.CToolchain;
import lowbit.export.integer.IntegerConversion;
import lowbit.export.integer.IntegerInference;
import lowbit.export.integer.RawImages;
import lowbit.model.graph.Shape;
import lowbit.ptq.ActivationRangeRule;
import lowbit.ptq.QuantizationPlan;
import lowbit.testing.Shard;
import lowbit.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/lowbit export --format c on a LeNet and real Fashion-MNIST images (the first 640 training and 300 test images,
 * sharded): the folder holds the three files, the export prints the sizes and the integer accuracy, the demo built with
 * cc classifies like the Java reference of the same settings; bad input exits with 2 and names the key or file.
 */
@Tag("spark")
@Tag("data")
class ExportCCliTest {
    @TempDir
    static Path tmp;
    static Path modelFile;
    static Path shards;
    static TrainableModel model;

    @BeforeAll
    static void modelAndShards() throws IOException {
        Path idx = Files.createDirectories(tmp.resolve("idx"));
        idxHead(SharedData.path("fashion-mnist"), idx, "train", 640);
        idxHead(SharedData.path("fashion-mnist"), idx, "t10k", 300);
        shards = tmp.resolve("fmnist");
        Manifest manifest = Shard.run("idx", idx, shards, "shards=1");
        model = new Dl4jEngine().zoo("lenet", Map.of("seed", "11"));
        modelFile = tmp.resolve("lenet.zip");
        ModelFiles.save(model, modelFile, Normalization.UNIT, manifest.classes(), Map.of());
    }

    @Test
    void writesTheLibraryPrintsItsSizesAndTheDemoClassifiesLikeTheReference() throws IOException {
        Path out = tmp.resolve("lenet-c");
        CliRun export = CliRun.of("export", "--format", "c", "--model", modelFile.toString(), "--data", shards.toString(),
                "--output", out.toString(), "--bits", "4", "--per-channel", "--calibration-images", "128", "--limit", "100");
        assertEquals(0, export.exitCode(), export.err());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(Set.copyOf(CLibrary.FILES), files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()));
        }
        String printed = export.out();
        for (String expected : List.of("wrote " + out, "weights: 4-bit symmetric grid, per-output-channel scales (max)",
                "minmax ranges from the first 128 training images", "flash: ", "packed 4-bit weight codes", "RAM: ",
                "LOWBIT_SCRATCH_BYTES", "MACs per image: 2,293,000", "integer accuracy", "of 100 images of split test")) {
            assertTrue(printed.contains(expected), "missing '" + expected + "' in:\n" + printed);
        }
        assertTrue(printed.contains("compiled model.c with cc -std=c99 -Wall -Werror -O2"), printed);

        // the same conversion in-process, and the demo compiled from the folder
        RawImages calibration = RawImages.fromShards(shards.toString(), "train", 128, Shape.image(1, 28, 28));
        List<Tensor> batches = List.of(calibration.floats(0, 64, Normalization.UNIT), calibration.floats(64, 128, Normalization.UNIT));
        IntegerConversion reference = IntegerConversion.convert(model, new Dl4jEngine(), QuantizationPlan.uniform(model, 4, true, true),
                batches, ActivationRangeRule.MINMAX, Normalization.UNIT);
        RawImages test = RawImages.fromShards(shards.toString(), "test", 20, Shape.image(1, 28, 28));
        Path raw = tmp.resolve("test20.raw");
        Files.write(raw, test.concatenated());
        List<String> cc = new ArrayList<>(List.of("cc"));
        cc.addAll(CToolchain.FLAGS);
        cc.addAll(List.of("-o", "classify", CLibrary.DEMO, CLibrary.SOURCE));
        CToolchain.run(cc, out);
        List<String> lines = CToolchain.run(List.of(out.resolve("classify").toString(), raw.toString()), out).lines().toList();
        assertEquals(20, lines.size());
        List<String> classes = Manifest.read(shards.toString()).classes();
        for (int i = 0; i < 20; i++) {
            IntegerInference.Result java = IntegerInference.run(reference.integer(), test.pixels().get(i));
            String prefix = raw + "[" + i + "]: class " + java.predicted() + " " + classes.get(java.predicted()) + ", scores ";
            assertTrue(lines.get(i).startsWith(prefix), lines.get(i) + " does not start with " + prefix);
            String[] scores = lines.get(i).substring(prefix.length()).split(" ");
            for (int k = 0; k < scores.length; k++) assertEquals(java.scores()[k], Float.parseFloat(scores[k]), 0f, lines.get(i));
        }
        Files.delete(out.resolve("classify"));

        // an earlier C export is replaced; a folder holding anything else is not touched
        CliRun again = CliRun.of("export", "--format", "c", "--model", modelFile.toString(), "--data", shards.toString(),
                "--output", out.toString(), "--bits", "8", "--calibration-images", "64", "--limit", "10");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(Files.readString(out.resolve(CLibrary.HEADER)).matches("(?s).*#define LOWBIT_WEIGHT_BITS +8 .*"));
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        CliRun refused = CliRun.of("export", "--format", "c", "--model", modelFile.toString(), "--data", shards.toString(),
                "--output", other.toString(), "--calibration-images", "64", "--limit", "10");
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains(other.toString()) && refused.err().contains("notes.txt"), refused.err());
        assertTrue(Files.exists(other.resolve("notes.txt")));
    }

    @Test
    void badInputExitsWithTwoAndNamesTheKeyOrFile() throws IOException {
        String[] base = {"export", "--format", "c", "--model", modelFile.toString(), "--output", tmp.resolve("bad").toString()};
        CliRun noData = CliRun.of(base);
        assertEquals(2, noData.exitCode());
        assertTrue(noData.err().contains("--data"), noData.err());
        CliRun bits = CliRun.of(concat(base, "--data", shards.toString(), "--activation-bits", "4"));
        assertEquals(2, bits.exitCode());
        assertTrue(bits.err().contains("--activation-bits") && bits.err().contains("int8"), bits.err());
        CliRun noFold = CliRun.of(concat(base, "--data", shards.toString(), "--no-fold", "--calibration-images", "16"));
        assertEquals(2, noFold.exitCode());
        assertTrue(noFold.err().contains("--no-fold"), noFold.err());
        CliRun format = CliRun.of("export", "--format", "tflite", "--model", modelFile.toString(), "--output", tmp.resolve("x").toString());
        assertEquals(2, format.exitCode());
        assertTrue(format.err().contains("--format") && format.err().contains("tflite"), format.err());
        Path dl4jZip = tmp.resolve("old-dl4j.zip");
        ((lowbit.engine.dl4j.Dl4jModel) model).saveDl4jZip(dl4jZip); // DL4J's own zip: no record of the zoo model
        CliRun old = CliRun.of("export", "--format", "c", "--model", dl4jZip.toString(), "--data", shards.toString(),
                "--output", tmp.resolve("old").toString());
        assertEquals(2, old.exitCode());
        assertTrue(old.err().contains(dl4jZip.toString()) && old.err().contains("lowbit model file"), old.err());
        assertFalse(Files.exists(tmp.resolve("bad")) || Files.exists(tmp.resolve("old")), "nothing written on bad input");
    }

    /** The first n images and labels of an IDX pair, written uncompressed. */
    private static void idxHead(Path from, Path to, String prefix, int n) throws IOException {
        byte[] images = gunzip(from.resolve(prefix + "-images-idx3-ubyte.gz"), 16 + n * 784);
        byte[] labels = gunzip(from.resolve(prefix + "-labels-idx1-ubyte.gz"), 8 + n);
        Files.write(to.resolve(prefix + "-images-idx3-ubyte"), withCount(images, n));
        Files.write(to.resolve(prefix + "-labels-idx1-ubyte"), withCount(labels, n));
    }

    private static byte[] gunzip(Path file, int bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readNBytes(bytes);
        }
    }

    private static byte[] withCount(byte[] idx, int n) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.write(idx, 0, 4);
        out.writeInt(n);
        out.write(idx, 8, idx.length - 8);
        return b.toByteArray();
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
