package lowbit.train;

import lowbit.train.job.TrainJob;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.typesafe.config.ConfigFactory;
import lowbit.config.ConfigError;
import lowbit.config.LowbitConfig;
import lowbit.engine.ModelFiles;
import lowbit.engine.TrainableModel;
import lowbit.model.ModelFile;
import lowbit.report.SweepSql;
import lowbit.sweep.SweepRunner;
import lowbit.sweep.SweepSpec;
import lowbit.sweep.TrainingCellRunner;
import lowbit.testing.Shard;
import lowbit.testing.SharedData;
import lowbit.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs that start from the published Keras person detectors (lowbit.train.init) on the 1,000 real VWW images. */
@Tag("spark")
@Tag("data")
class InitialModelTest {

    static final Path VWW_H5 = SharedData.root().getParent().resolve("models/mlperf-tiny-vww-mobilenet_v1_0.25_96.h5");
    static final Path IMAGENET_H5 = SharedData.root().getParent().resolve("models/imagenet-mobilenet_v1_0.25_224.h5");

    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void shard() {
        data = tmp.resolve("vww");
        Shard.run("folders", SharedData.path("vww96"), data, "size=96x96", "shards=2", "split.train=0.8", "split.val=0", "split.test=0.2");
    }

    private static TrainSpec spec(String... settings) {
        List<String> all = new ArrayList<>(List.of("data=" + data, "mode=local", "batch-size=32", "max-steps-per-epoch=3",
                "optimizer.lr=0.001", "eval-splits=[test]"));
        all.addAll(List.of(settings));
        return TrainSpec.from(LowbitConfig.load(null, all, "train"));
    }

    @Test
    void fineTuningTheVwwDetectorStartsFromItsAccuracyAndWritesItsArchitecture() throws Exception {
        Path out = tmp.resolve("finetuned");
        TrainSummary summary = TrainJob.run(TestSpark.session(), spec("init=" + VWW_H5, "epochs=1"), RunOutput.of(out), System.out::println);
        double accuracy = summary.evaluations().get(0).accuracy();
        assertTrue(accuracy > 0.75, "3 small steps from an 85 % model keep it far above chance: " + accuracy);
        ModelFile f = ModelFile.read(out.resolve(TrainJob.MODEL_FILE));
        assertTrue(f.architecture().startsWith("mobilenetv1 alpha=0.25 bias=true bn-eps=0.001 channels=3 classes=2 height=96 padding=same"),
                f.architecture());
        assertEquals(List.of("non_person", "person"), f.classes());
    }

    @Test
    void anotherClassCountGetsANewHeadAndAModelsOwnScalingIsRequired() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> TrainJob.run(TestSpark.session(), spec("init=" + IMAGENET_H5, "epochs=1"), RunOutput.of(tmp.resolve("bad")), s -> { }));
        assertTrue(e.getMessage().contains("normalization = model"), e.getMessage());

        TrainSpec configured = spec("init=" + IMAGENET_H5, "epochs=1", "normalization=model");
        InitialModel init = configured.initialModel();
        TrainSpec fitted = configured.fittedTo(lowbit.data.shard.Manifest.read(data.toString()), init);
        assertEquals("2", fitted.model().options().get("classes"));
        assertEquals("96", fitted.model().options().get("height"), "fully convolutional: the ImageNet weights at 96x96");
        TrainableModel model = fitted.model().build();
        float[] start = init.startParameters(model);
        int fc = model.parameterViews().stream().filter(v -> v.name().equals("fc/W")).findFirst().orElseThrow().offset();
        assertArrayEquals(java.util.Arrays.copyOf(init.parameters(), fc), java.util.Arrays.copyOf(start, fc),
                "every weight before the classifier comes from the ImageNet model");
    }

    @Test
    void aSweepsFloatCellCanBeTheImportedModelItselfEvaluatedNotTrained() {
        Path out = tmp.resolve("sweep");
        var config = LowbitConfig.validate(ConfigFactory.parseString("""
                lowbit.train { data = "%s", init = "%s", mode = local, batch-size = 32, max-steps-per-epoch = 2, lr-schedule.kind = cosine }
                lowbit.experiment.layer-sensitivity = false
                lowbit.sweep { name = pretrained, output = "%s", grid = [ { method = none, epochs = 0 },
                  { method = ptq, bits = 8, per-channel = true, from { method = none, bits = null, per-channel = null, epochs = 0 } } ] }
                """.formatted(data, VWW_H5, out)));
        new SweepRunner(TestSpark.session(), SweepSpec.from(config, "pretrained"), new TrainingCellRunner()).run();
        SweepSql.register(TestSpark.session(), out.toString());
        List<Row> cells = TestSpark.session().sql("SELECT method, status, accuracy, train_seconds FROM cells ORDER BY method").collectAsList();
        assertEquals("ok", cells.get(0).getString(1), cells.toString());
        assertEquals("ok", cells.get(1).getString(1), cells.toString());
        double floatAccuracy = cells.get(0).getDouble(2);
        assertTrue(floatAccuracy > 0.78, "the imported detector as it is: " + floatAccuracy);
        assertTrue(Math.abs(cells.get(1).getDouble(2) - floatAccuracy) < 0.03, "8-bit PTQ of it keeps its accuracy: " + cells);
        assertTrue(cells.get(0).isNullAt(3), "the float cell did not train");
        TrainableModel artifact = ModelFiles.load(out.resolve("artifacts").resolve(
                TestSpark.session().sql("SELECT cell_id FROM cells WHERE method = 'none'").first().getString(0)).resolve(TrainJob.MODEL_FILE));
        assertTrue(artifact.architecture().contains("bias=true"), artifact.architecture());
    }

    /**
     * A QAT cell distilled from its base cell (the imported detector) next to the same cell without a teacher: both run,
     * their training losses differ (the distilled one weighs the teacher's softened predictions), and a teacher named
     * "base" outside a sweep is a config error.
     */
    @Test
    void aSweepCellDistillsFromItsBaseCell() {
        Path out = tmp.resolve("distilled");
        var config = LowbitConfig.validate(ConfigFactory.parseString("""
                lowbit.train { data = "%s", init = "%s", normalization = model, mode = local, batch-size = 16, max-steps-per-epoch = 2 }
                lowbit.experiment.layer-sensitivity = false
                lowbit.sweep { name = distilled, output = "%s", grid = [ { method = none, epochs = 0 },
                  { product { method = [qat], bits = [4], distill.teacher = ["", base] }, with { epochs = 1,
                    from { method = none, bits = null, epochs = 0, distill.teacher = null } } } ] }
                """.formatted(data, VWW_H5, out)));
        new SweepRunner(TestSpark.session(), SweepSpec.from(config, "distilled"), new TrainingCellRunner()).run();
        SweepSql.register(TestSpark.session(), out.toString());
        List<Row> cells = TestSpark.session().sql("SELECT c.status, c.accuracy, e.train_loss, c.teacher, c.init FROM cells c JOIN epochs e"
                + " ON c.cell_id = e.cell_id WHERE c.method = 'qat' ORDER BY e.train_loss").collectAsList();
        assertEquals(2, cells.size(), cells.toString());
        for (Row c : cells) assertEquals("ok", c.getString(0), cells.toString());
        assertEquals(java.util.Set.of("base", "-"), java.util.Set.of(cells.get(0).isNullAt(3) ? "-" : cells.get(0).getString(3),
                cells.get(1).isNullAt(3) ? "-" : cells.get(1).getString(3)), "the cells table says which cell was distilled");
        assertEquals(VWW_H5.getFileName().toString(), cells.get(0).getString(4));
        assertTrue(Math.abs(cells.get(0).getDouble(2) - cells.get(1).getDouble(2)) > 1e-3, "distillation changed the loss: " + cells);

        ConfigError e = assertThrows(ConfigError.class, () -> TrainJob.run(TestSpark.session(),
                spec("init=" + VWW_H5, "normalization=model", "epochs=1", "distill.teacher=base"), RunOutput.of(tmp.resolve("nobase")), s -> { }));
        assertTrue(e.getMessage().contains("distill.teacher = base"), e.getMessage());
    }
}
