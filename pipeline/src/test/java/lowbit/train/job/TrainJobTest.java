package lowbit.train.job;

import lowbit.train.TrainTables;
import lowbit.train.TrainSummary;
import lowbit.train.TrainSpec;
import lowbit.train.RunOutput;
import lowbit.train.Provenance;
import lowbit.train.FashionShards;
import lowbit.train.Checkpoint;
import lowbit.admm.AdmmRegularizer;
import com.fasterxml.jackson.databind.JsonNode;
import lowbit.LowbitException;
import lowbit.config.LowbitConfig;
import lowbit.data.shard.Manifest;
import lowbit.model.graph.ParamView;
import lowbit.engine.TrainableModel;
import lowbit.engine.ModelFiles;
import lowbit.sparse.Sparsity;
import lowbit.tensor.ChannelLayout;
import lowbit.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The train job on real Fashion-MNIST shards in this JVM: outputs, resume after a crash, clear failures. */
@Tag("spark")
@Tag("data")
class TrainJobTest {
    @TempDir
    Path tmp;

    private static final class Crash extends RuntimeException {
    }

    private static TrainSpec spec(String... extra) {
        List<String> settings = new ArrayList<>(List.of("data=" + FashionShards.small(), "mode=local", "epochs=3",
                "max-steps-per-epoch=3", "batch-size=16", "shuffle-buffer=512", "methods=[qgt, rvsm]",
                "optimizer.nesterov=true", "lr-schedule.kind=cosine", "qgt.warmup-epochs=1", "qgt.lambda=5",
                "qgt.finish-epochs=0"));
        settings.addAll(List.of(extra));
        return TrainSpec.from(LowbitConfig.load(null, settings, "train"));
    }

    /**
     * Runs {@code name} uninterrupted, then crashed after epoch 2 and resumed; asserts both end with the same
     * model and returns the uninterrupted run's summary.
     */
    private TrainSummary assertResumeIsExact(String name, String... settings) throws Exception {
        SparkSession spark = TestSpark.session();
        Path full = tmp.resolve(name + "-full");
        TrainSummary summary = TrainJob.run(spark, spec(settings), RunOutput.of(full), System.out::println);
        Path resumed = tmp.resolve(name);
        assertThrows(Crash.class, () -> TrainJob.run(spark, spec(settings), RunOutput.of(resumed), line -> { }, state -> {
            if (state.epochsDone() == 2) {
                throw new Crash();
            }
        }));
        assertFalse(Files.exists(resumed.resolve(TrainJob.MODEL_FILE)), "the crashed run wrote no model");
        assertEquals(2, Checkpoint.read(resumed).state().epochsDone());
        List<String> resume = new ArrayList<>(List.of(settings));
        resume.add("resume=true");
        TrainJob.run(spark, spec(resume.toArray(String[]::new)), RunOutput.of(resumed), System.out::println);

        float[] expected = ModelFiles.load(full.resolve(TrainJob.MODEL_FILE)).parameters();
        assertArrayEquals(expected, ModelFiles.load(resumed.resolve(TrainJob.MODEL_FILE)).parameters(), 0f);
        return summary;
    }

    @Test
    void resumedRunEndsWithTheParametersOfAnUninterruptedOne() throws Exception {
        SparkSession spark = TestSpark.session();
        TrainSummary summary = assertResumeIsExact("resumed");
        Path resumed = tmp.resolve("resumed");
        assertEquals(9, summary.steps());
        assertTrue(summary.weightSparsity() > 0, "RVSM's epoch-end threshold zeroed weights");

        List<Row> epochs = spark.read().parquet(resumed.resolve(TrainTables.EPOCHS).toString()).orderBy("epoch").collectAsList();
        assertEquals(3, epochs.size());
        assertTrue(epochs.get(2).<Double>getAs("learning_rate") < epochs.get(0).<Double>getAs("learning_rate"), "cosine decay");
        Row summaryRow = spark.read().parquet(resumed.resolve(TrainTables.SUMMARY).toString()).first();
        List<Row> evals = summaryRow.getList(summaryRow.fieldIndex("evaluations"));
        assertEquals("test", evals.get(0).getAs("split"));
        assertTrue(evals.get(0).<Long>getAs("examples") > 1000, "the whole test file was evaluated");
        assertEquals(summary.evaluations().get(0).accuracy(), evals.get(0).<Double>getAs("accuracy"));
        assertEquals(10, evals.get(0).getList(evals.get(0).fieldIndex("per_class_accuracy")).size());
        assertTrue(summary.evaluations().get(0).accuracy() > 0.2, "9 steps of LeNet beat chance: " + summary.evaluations());

        JsonNode provenance = Manifest.JSON.readTree(resumed.resolve(Provenance.FILE).toFile());
        assertEquals(64, provenance.get("dataset_manifest_sha256").asText().length());
        assertEquals(2, provenance.get("resumed_after_epoch").asInt());
        assertEquals("lenet", provenance.at("/config/model/name").asText());
    }

    @Test
    void parameterAveragingResumesWithDl4jsUpdaterState() throws Exception {
        TrainSummary summary = assertResumeIsExact("averaging", "mode=parameter-averaging", "engine=dl4j", "workers=1", "averaging-frequency=2",
                "methods=[qgt]", "optimizer.name=adam", "optimizer.lr=1e-3");
        assertEquals("parameter-averaging", summary.mode());
    }

    @Test
    void admmStateSurvivesResumeAndTheModelEndsAtTheKeptFraction() throws Exception {
        assertResumeIsExact("admm", "methods=[admm]", "admm.update-steps=2", "admm.keep-fraction=0.1", "admm.rho=0.05");
        Path out = tmp.resolve("admm");
        Object state = Checkpoint.read(out).state().regularizers().get("admm");
        float[] dual = ((AdmmRegularizer.State) state).v().get("fc1/W");
        assertTrue(IntStream.range(0, dual.length).anyMatch(i -> dual[i] != 0f), "the checkpoint carries a moving dual v");
        TrainableModel model = ModelFiles.load(out.resolve(TrainJob.MODEL_FILE));
        for (ParamView v : model.parameterViews()) {
            if (v.kind().isWeight()) {
                long kept = v.length() - Sparsity.ofWeights(v.read(model.parameters())).zeros();
                assertEquals(Math.round(0.1 * v.length()), kept, v.name());
            }
        }
    }

    @Test
    void rgsmZeroesWholeInputChannelsOfConv2Only() throws Exception {
        Path out = tmp.resolve("rgsm");
        // group threshold sqrt(2 x 2.53 / 1) = 2.25 amid conv2's input-channel norms (about 2.18-2.33 at initialization)
        TrainJob.run(TestSpark.session(), spec("epochs=1", "methods=[rvsm]", "rvsm.threshold=group-l0", "rvsm.beta=1",
                "rvsm.lambda=2.53", "rvsm.group-lasso=1e-3"), RunOutput.of(out), line -> { });
        TrainableModel model = ModelFiles.load(out.resolve(TrainJob.MODEL_FILE));
        for (ParamView v : model.parameterViews()) {
            float[] w = v.read(model.parameters());
            if (v.name().equals("conv2/W")) {
                Sparsity channels = Sparsity.ofGroups(w, ChannelLayout.convInputChannels(v.shape()));
                assertTrue(channels.zeros() > 0 && channels.zeros() < channels.total(), "some of conv2's input channels: " + channels);
                assertEquals(channels.zeros() * w.length / channels.total(), Sparsity.ofWeights(w).zeros(), "whole channels only");
            } else if (v.kind().isWeight()) {
                assertEquals(0, Sparsity.ofWeights(w).zeros(), v.name() + " is not grouped");
            }
        }
    }

    @Test
    void refusesToResumeWithAnotherConfiguration() {
        Path out = tmp.resolve("run");
        assertThrows(Crash.class, () -> TrainJob.run(TestSpark.session(), spec("epochs=1"), RunOutput.of(out), line -> { }, state -> {
            throw new Crash();
        }));
        LowbitException e = assertThrows(LowbitException.class,
                () -> TrainJob.run(TestSpark.session(), spec("epochs=1", "resume=true", "optimizer.lr=0.1"), RunOutput.of(out), line -> { }));
        assertTrue(e.getMessage().contains("another configuration"), e.getMessage());
        assertThrows(LowbitException.class, () -> TrainJob.run(TestSpark.session(), spec("epochs=1"), RunOutput.of(out), line -> { }),
                "an existing run is not overwritten");
    }

    @Test
    void qatSavesWeightsOnTheGrid() throws Exception {
        Path out = tmp.resolve("qat");
        TrainJob.run(TestSpark.session(), spec("epochs=1", "methods=[qat]", "qat.bits=2", "qat.per-channel=true"), RunOutput.of(out), line -> { });
        assertTwoBitGridPerChannel(out);
    }

    @Test
    void qgtFinishHardQuantizesFineTunesAndResumesExactlyAtTheBoundary() throws Exception {
        // 2 QGT epochs, then 2 finish epochs: the crash after epoch 2 falls between hard quantization and fine-tuning
        TrainSummary summary = assertResumeIsExact("finish", "methods=[qgt]", "epochs=2", "qgt.warmup-epochs=0",
                "qgt.finish-epochs=2", "qgt.finish-lr-factor=0.5", "qgt.finish-from=quantized", "lr-schedule.kind=constant");
        assertEquals(4, summary.epochs());
        assertEquals(12, summary.steps());
        assertTwoBitGridPerChannel(tmp.resolve("finish"));
        List<Row> epochs = TestSpark.session().read().parquet(tmp.resolve("finish").resolve(TrainTables.EPOCHS).toString())
                .orderBy("epoch").collectAsList();
        assertEquals(4, epochs.size());
        assertTrue(epochs.get(1).<Double>getAs("penalty") > 0, "QGT's penalty in its epochs");
        assertEquals(0.0, epochs.get(3).<Double>getAs("penalty"), "no regularizer while finishing");
        assertEquals(0.005, epochs.get(3).<Double>getAs("learning_rate"), 1e-12, "lr x finish-lr-factor");
    }

    private static void assertTwoBitGridPerChannel(Path out) throws Exception {
        TrainableModel model = ModelFiles.load(out.resolve(TrainJob.MODEL_FILE));
        float[] params = model.parameters();
        for (ParamView v : model.parameterViews()) {
            if (v.kind().isWeight()) {
                float[] w = v.read(params);
                ChannelLayout channels = ChannelLayout.alongAxis(v.shape(), v.outAxis());
                for (int c = 0; c < channels.channels(); c++) {
                    Set<Float> levels = new HashSet<>();
                    for (int i = 0; i < w.length; i++) {
                        if (channels.channelOf(i) == c) {
                            levels.add(Math.abs(w[i]));
                        }
                    }
                    assertTrue(levels.size() <= 2, v.name() + " channel " + c + " has magnitudes " + levels);
                }
            }
        }
    }

    @Test
    void divergenceStopsWithTheStepAndLayer() {
        LowbitException e = assertThrows(LowbitException.class, () -> TrainJob.run(TestSpark.session(),
                spec("epochs=1", "methods=[]", "optimizer.lr=1e12", "lr-schedule.kind=constant"), RunOutput.of(tmp.resolve("nan")), line -> { }));
        assertTrue(e.getMessage().matches("training diverged: .* at epoch 0 step \\d+ \\(global step \\d+\\).*"), e.getMessage());
    }
}
