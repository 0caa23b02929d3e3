package lowbit.train;

import com.fasterxml.jackson.databind.JsonNode;
import lowbit.LowbitException;
import lowbit.config.LowbitConfig;
import lowbit.data.shard.Manifest;
import lowbit.engine.ParamView;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.tensor.ChannelLayout;
import lowbit.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The train job on real Fashion-MNIST shards in this JVM: outputs, resume after a crash, clear failures. */
class TrainJobTest {
    @TempDir
    Path tmp;

    private static final class Crash extends RuntimeException {
    }

    private static TrainSpec spec(String... extra) {
        List<String> settings = new ArrayList<>(List.of("data=" + FashionShards.small(), "mode=local", "epochs=3",
                "max-steps-per-epoch=3", "batch-size=16", "shuffle-buffer=512", "methods=[qgt, rvsm]",
                "optimizer.nesterov=true", "lr-schedule.kind=cosine", "qgt.warmup-epochs=1", "qgt.lambda=5"));
        settings.addAll(List.of(extra));
        return TrainSpec.from(LowbitConfig.load(null, settings, "train"));
    }

    @Test
    void resumedRunEndsWithTheParametersOfAnUninterruptedOne() throws Exception {
        SparkSession spark = TestSpark.session();
        Path full = tmp.resolve("full");
        TrainSummary summary = TrainJob.run(spark, spec(), RunOutput.of(full), System.out::println);
        Path resumed = tmp.resolve("resumed");
        assertThrows(Crash.class, () -> TrainJob.run(spark, spec(), RunOutput.of(resumed), line -> { }, state -> {
            if (state.epochsDone() == 2) {
                throw new Crash();
            }
        }));
        assertFalse(Files.exists(resumed.resolve(TrainJob.MODEL_FILE)), "the crashed run wrote no model");
        assertEquals(2, Checkpoint.read(resumed).state().epochsDone());
        TrainJob.run(spark, spec("resume=true"), RunOutput.of(resumed), System.out::println);

        float[] expected = new Dl4jEngine().load(full.resolve(TrainJob.MODEL_FILE)).parameters();
        assertArrayEquals(expected, new Dl4jEngine().load(resumed.resolve(TrainJob.MODEL_FILE)).parameters(), 0f);
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
        TrainableModel model = new Dl4jEngine().load(out.resolve(TrainJob.MODEL_FILE));
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
