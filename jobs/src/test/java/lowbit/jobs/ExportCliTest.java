package lowbit.jobs;

import lowbit.engine.dl4j.Dl4jNetworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import lowbit.data.read.Normalization;
import lowbit.data.shard.Manifest;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.eval.LabeledImages;
import lowbit.export.PackedModelReader;
import lowbit.model.LeNet;
import lowbit.ptq.PostTrainingQuantization;
import lowbit.ptq.QuantizationPlan;
import lowbit.testing.Shard;
import lowbit.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** bin/lowbit export and report-layers on a LeNet and the real Fashion-MNIST shards; bad input exits with 2. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExportCliTest {
    @TempDir
    static Path tmp;
    static Path modelZip;
    static Path shards;
    static TrainableModel model;

    @BeforeAll
    static void modelAndShards() throws IOException {
        model = Dl4jNetworks.build(LeNet.mnist(11));
        modelZip = tmp.resolve("lenet.zip");
        lowbit.engine.ModelFiles.save(model, modelZip);
        shards = tmp.resolve("fmnist");
        Shard.run("idx", SharedData.path("fashion-mnist"), shards);
    }

    @Test
    @Order(1)
    void exportPrintsTheThreeSizesAndVerifyPrintsTheFakeQuantizedAccuracy() {
        Path file = tmp.resolve("lenet-4bit.lbq");
        CliRun export = CliRun.of("export", "--model", modelZip.toString(), "--output", file.toString(), "--bits", "4", "--per-channel");
        assertEquals(0, export.exitCode(), export.err());
        assertTrue(export.out().contains("float32 1,724,320 bytes") && export.out().contains("theoretical")
                && export.out().contains("packed file"), export.out());
        assertTrue(Files.isRegularFile(file));

        CliRun verify = CliRun.of("export", "--verify", file.toString(), "--data", shards.toString(), "--limit", "500");
        assertEquals(0, verify.exitCode(), verify.err());
        LabeledImages images = LabeledImages.fromShards(shards.toString(), "test", 500, Normalization.UNIT);
        double expected = images.accuracy(PostTrainingQuantization.quantizedCopy(model,
                QuantizationPlan.uniform(model, 4, true, true), new Dl4jEngine()));
        assertTrue(verify.out().contains(String.format(Locale.ROOT, "accuracy %.4f on 500 images of split test", expected)), verify.out());
    }

    @Test
    @Order(2)
    void badInputExitsWithTwoAndNamesTheKeyOrFile() {
        CliRun bits = CliRun.of("export", "--model", modelZip.toString(), "--output", tmp.resolve("x.lbq").toString(), "--bits", "9");
        assertEquals(2, bits.exitCode());
        assertTrue(bits.err().contains("--bits") && bits.err().contains("1..8"), bits.err());
        Path missing = tmp.resolve("no-such-model.zip");
        CliRun absent = CliRun.of("export", "--model", missing.toString(), "--output", tmp.resolve("x.lbq").toString());
        assertEquals(2, absent.exitCode());
        assertTrue(absent.err().contains(missing.toString()), absent.err());
        CliRun verifyMissing = CliRun.of("export", "--verify", missing.toString(), "--data", shards.toString());
        assertEquals(2, verifyMissing.exitCode());
        assertTrue(verifyMissing.err().contains(missing.toString()), verifyMissing.err());
        CliRun noData = CliRun.of("export", "--verify", tmp.resolve("x.lbq").toString());
        assertEquals(2, noData.exitCode());
        assertTrue(noData.err().contains("--data"), noData.err());
        CliRun reportBits = CliRun.of("report-layers", "--model", modelZip.toString(), "--data", shards.toString(),
                "--bits", "0", "--output", tmp.resolve("r").toString());
        assertEquals(2, reportBits.exitCode());
        assertTrue(reportBits.err().contains("--bits"), reportBits.err());
    }

    @Test
    @Order(3)
    void reportLayersPrintsTheTableAndWritesParquet() throws IOException {
        Path out = tmp.resolve("report");
        CliRun report = CliRun.of("report-layers", "--model", modelZip.toString(), "--data", shards.toString(), "--bits", "4",
                "--output", out.toString(), "--limit", "200", "--sqnr-images", "50", "--master", "local[2]");
        assertEquals(0, report.exitCode(), report.err());
        for (String layer : List.of("conv1/W", "conv2/W", "fc1/W", "fc2/W")) {
            assertTrue(report.out().contains(layer), report.out());
        }
        assertTrue(report.out().contains("accuracy on 200 images"), report.out());
        try (Stream<Path> files = Files.list(out)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet")));
        }
    }

    @Test
    @Order(4)
    void reportLayersWithActivationBitsLowersTheCumulativeSqnr() {
        String[] common = {"report-layers", "--model", modelZip.toString(), "--data", shards.toString(), "--bits", "8",
                "--limit", "100", "--sqnr-images", "50", "--master", "local[1]"};
        CliRun weights = CliRun.of(concat(common, "--output", tmp.resolve("w8").toString()));
        CliRun a2 = CliRun.of(concat(common, "--output", tmp.resolve("w8a2").toString(), "--activation-bits", "2",
                "--activation-range", "mse", "--calibration-images", "128"));
        assertEquals(0, weights.exitCode(), weights.err());
        assertEquals(0, a2.exitCode(), a2.err());
        assertTrue(a2.out().contains("2-bit activations, mse ranges from the first 128 training images"), a2.out());
        double w8 = lastCumulativeSqnr(weights.out());
        double w8a2 = lastCumulativeSqnr(a2.out());
        assertTrue(w8a2 < w8 - 10, "cumulative SQNR of fc2: weights only " + w8 + " dB, with 2-bit activations " + w8a2);

        CliRun badRule = CliRun.of(concat(common, "--output", tmp.resolve("bad").toString(), "--activation-bits", "8",
                "--activation-range", "entropy"));
        assertEquals(2, badRule.exitCode());
        assertTrue(badRule.err().contains("--activation-range") && badRule.err().contains("entropy"), badRule.err());
    }

    @Test
    @Order(5)
    void normalizationDatasetEvaluatesWithTheTrainSplitsMeanAndStd() {
        Path file = tmp.resolve("lenet-4bit.lbq");
        CliRun verify = CliRun.of("export", "--verify", file.toString(), "--data", shards.toString(), "--limit", "500",
                "--normalization", "dataset");
        assertEquals(0, verify.exitCode(), verify.err());
        Manifest manifest = Manifest.read(shards.toString());
        Normalization meanStd = Normalization.meanStd(manifest.trainStats().mean(), manifest.trainStats().std());
        TrainableModel quantized = PackedModelReader.read(file);
        double expected = LabeledImages.fromShards(shards.toString(), "test", 500, meanStd).accuracy(quantized);
        double unit = LabeledImages.fromShards(shards.toString(), "test", 500, Normalization.UNIT).accuracy(quantized);
        assertNotEquals(String.format(Locale.ROOT, "%.4f", unit), String.format(Locale.ROOT, "%.4f", expected),
                "the two normalizations must give this model different accuracies for the check to mean anything");
        assertTrue(verify.out().contains(String.format(Locale.ROOT, "accuracy %.4f on 500 images", expected)), verify.out());

        CliRun bad = CliRun.of("export", "--verify", file.toString(), "--data", shards.toString(), "--normalization", "zscore");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--normalization") && bad.err().contains("zscore"), bad.err());
    }

    /** The cum SQNR column (second to last) of the table's last layer row. */
    private static double lastCumulativeSqnr(String table) {
        String row = table.lines().filter(l -> l.startsWith("fc2/W")).findFirst().orElseThrow(() -> new AssertionError(table));
        String[] cols = row.trim().split("\\s+");
        return Double.parseDouble(cols[cols.length - 2]);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
