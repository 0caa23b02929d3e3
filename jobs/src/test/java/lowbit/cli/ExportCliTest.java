package lowbit.cli;

import lowbit.engine.dl4j.Dl4jNetworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** bin/lowbit export and report-layers on a LeNet and the real Fashion-MNIST shards; bad input exits with 2. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("spark")
@Tag("data")
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

    /** Mixed precision from the command line: export --layer-bits, and report-layers' allocation as a config file. */
    @Test
    @Order(3)
    void layerBitsMixThePlanAndReportLayersWritesItsAllocation() throws IOException {
        CliRun uniform = CliRun.of("export", "--model", modelZip.toString(), "--output", tmp.resolve("u2.lbq").toString(), "--bits", "2");
        CliRun mixed = CliRun.of("export", "--model", modelZip.toString(), "--output", tmp.resolve("m2.lbq").toString(), "--bits", "2",
                "--layer-bits", "conv*=8,fc2=4");
        assertEquals(0, mixed.exitCode(), mixed.err());
        assertTrue(Files.size(tmp.resolve("m2.lbq")) > Files.size(tmp.resolve("u2.lbq")) + 19_000,
                "conv1 and conv2 at 8 bits: " + mixed.out() + uniform.out());

        CliRun typo = CliRun.of("export", "--model", modelZip.toString(), "--output", tmp.resolve("t.lbq").toString(), "--bits", "2",
                "--layer-bits", "conv3=8");
        assertEquals(2, typo.exitCode());
        assertTrue(typo.err().contains("--layer-bits names layers the model lacks [conv3]"), typo.err());
        assertFalse(Files.exists(tmp.resolve("t.lbq")), "nothing written");
        CliRun range = CliRun.of("export", "--model", modelZip.toString(), "--output", tmp.resolve("t.lbq").toString(), "--bits", "2",
                "--layer-bits", "fc2=12");
        assertEquals(2, range.exitCode());
        assertTrue(range.err().contains("--layer-bits") && range.err().contains("fc2=12"), range.err());

        // a budget of 2 bits everywhere plus 20 KB: the allocation spends it where rho falls most
        Path allocation = tmp.resolve("alloc/layer-bits.conf");
        CliRun report = CliRun.of("report-layers", "--model", modelZip.toString(), "--data", shards.toString(), "--bits", "2",
                "--output", tmp.resolve("mixed-report").toString(), "--limit", "100", "--sqnr-images", "20", "--master", "local[1]",
                "--mixed-budget", String.valueOf(uniformWeightBytes(2) + 20_000), "--allocation", allocation.toString());
        assertEquals(0, report.exitCode(), report.err());
        com.typesafe.config.Config written = com.typesafe.config.ConfigFactory.parseFile(allocation.toFile());
        assertEquals(2, written.getInt("lowbit.experiment.bits"));
        List<String> layerBits = written.getStringList("lowbit.experiment.layer-bits");
        assertFalse(layerBits.isEmpty(), "20 KB more buys some layers more bits");
        assertTrue(report.out().contains("mixed allocation: --bits 2 --layer-bits " + String.join(",", layerBits)), report.out());
        CliRun reExport = CliRun.of("export", "--model", modelZip.toString(), "--output", tmp.resolve("a2.lbq").toString(), "--bits", "2",
                "--layer-bits", String.join(",", layerBits));
        assertEquals(0, reExport.exitCode(), reExport.err());

        CliRun tooSmall = CliRun.of("report-layers", "--model", modelZip.toString(), "--data", shards.toString(), "--bits", "2",
                "--output", tmp.resolve("small").toString(), "--limit", "50", "--sqnr-images", "20", "--master", "local[1]",
                "--mixed-budget", "1000");
        assertEquals(2, tooSmall.exitCode());
        assertTrue(tooSmall.err().contains("--mixed-budget"), tooSmall.err());
    }

    /** Stored bytes of LeNet's weights at {@code bits} everywhere with per-tensor scales (codes and one scale each). */
    private static long uniformWeightBytes(int bits) {
        return model.parameterViews().stream().filter(v -> v.kind().isWeight())
                .mapToLong(v -> ((long) v.length() * bits + 7) / 8 + 4).sum();
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
