package lowbit.train.spark;

import lowbit.config.LowbitConfig;
import lowbit.data.read.Augmentation;
import lowbit.data.read.Normalization;
import lowbit.data.read.ReadOptions;
import lowbit.testing.ExecutorKiller;
import lowbit.testing.LocalCluster;
import lowbit.train.FashionShards;
import lowbit.train.GradientSum;
import lowbit.train.LocalGradients;
import lowbit.train.ModelRecipe;
import lowbit.train.RunOutput;
import lowbit.train.TestSteps;
import lowbit.train.job.TrainJob;
import lowbit.train.TrainSpec;
import lowbit.train.TrainSummary;
import lowbit.train.TrainState;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training with executors in separate JVMs ({@code local-cluster[2,1,1024]}): the model recipe and read options
 * travel serialized, natives load in each executor, and LeNet with QGT and RVSM attached ends where single-JVM
 * training ends. Killing one executor's JVM mid-training costs a replacement executor and retried tasks, not
 * correctness: the run ends with exactly the parameters of the uninterrupted run. Parameter averaging ships DL4J
 * configurations carrying lowbit's QGT, RVSM and learning-rate schedule to the executor JVMs and trains there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("spark")
@Tag("cluster")
@Tag("data")
class LocalClusterTrainingTest {
    private static final int WORKERS = 2;
    private static final int LOCAL_STEPS = 2;
    private static final int STEPS = 4;
    private static final ModelRecipe LENET = new ModelRecipe("lenet", Map.of("seed", "3"));
    private static final ReadOptions OPTIONS = new ReadOptions(16, 256, 7, Normalization.UNIT, Augmentation.NONE);

    private SparkSession cluster;
    private String dataset;
    private JavaRDD<Row> rows;
    private TrainState uninterrupted;

    @BeforeAll
    void startCluster() {
        dataset = FashionShards.testImages();
        cluster = LocalCluster.start(WORKERS);
        rows = SplitRows.of(cluster, dataset, "train", WORKERS);
    }

    @AfterAll
    void stopCluster() {
        cluster.stop();
    }

    private TrainState trainOnCluster(Runnable beforeMidStep) {
        try (SparkGradients source = new SparkGradients(rows, LENET, 10, OPTIONS, LOCAL_STEPS, STEPS)) {
            assertEquals(STEPS, source.stepsPerEpoch());
            return SparkEquivalenceTest.train(LENET, new GradientsWithHook(source, beforeMidStep));
        }
    }

    private synchronized TrainState uninterrupted() {
        if (uninterrupted == null) {
            uninterrupted = trainOnCluster(() -> { });
        }
        return uninterrupted;
    }

    @Test
    void lenetOnSeparateExecutorJvmsEqualsSingleJvmTraining() {
        TestSteps steps = new TestSteps(TestSteps.partitions(rows), 10, OPTIONS, LOCAL_STEPS, STEPS);
        TrainState accumulated = SparkEquivalenceTest.train(LENET, new LocalGradients(LENET.build(), steps, false));
        TrainState bigBatch = SparkEquivalenceTest.train(LENET, new LocalGradients(LENET.build(), steps, true));
        TrainState spark = uninterrupted();
        double moved = SparkEquivalenceTest.relativeError(bigBatch.params(), LENET.build().parameters());
        double exact = SparkEquivalenceTest.relativeError(spark.params(), accumulated.params());
        double error = SparkEquivalenceTest.relativeError(spark.params(), bigBatch.params());
        System.out.printf("local-cluster LeNet: relative error %.3g vs the same sub-batches accumulated in one JVM, %.3g vs"
                + " big-batch training (training moved the parameters by %.3g)%n", exact, error, moved);
        assertTrue(moved > 1e-3, "training changed the parameters: " + moved);
        assertEquals(0.0, exact, "executor JVMs compute exactly what this JVM computes on the same sub-batches");
        // float32 sums over 16-image sub-batches vs one 64-image batch, through 8 momentum steps: 2.2e-5 on this data
        assertTrue(error <= 1e-4, "local-cluster vs single-JVM big batch: " + error);
        assertTrue(spark.history().get(spark.history().size() - 1).penalty() > 0, "the regularizers were active");
    }

    @Test
    void anExecutorKilledMidTrainingIsReplacedAndTheRunEndsWithTheSameParameters() {
        TrainState reference = uninterrupted();
        ExecutorKiller killer = new ExecutorKiller(cluster);
        TrainState survived = trainOnCluster(killer::arm);
        assertNotNull(killer.killed(), "an executor was killed");
        String line = killer.killed().commandLine();
        assertTrue(line.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), "Spark gave executors its add-opens: " + line);
        LocalCluster.awaitExecutors(cluster, WORKERS);
        System.out.printf("killed executor pid %d: %d executor(s) removed, %d task attempt(s) failed%n",
                killer.killed().handle().pid(), killer.removedExecutors(), killer.failedTasks());
        assertTrue(killer.removedExecutors() >= 1, "Spark noticed the dead executor");
        assertArrayEquals(reference.params(), survived.params(), "bitwise the uninterrupted run's parameters");
        assertEquals(reference.history().size(), survived.history().size());
        for (int e = 0; e < reference.history().size(); e++) {
            assertEquals(reference.history().get(e).trainLoss(), survived.history().get(e).trainLoss(), "epoch " + e + " loss");
        }
    }

    @Test
    void parameterAveragingShipsDl4jConfigurationsWithLowbitsRegularizersToExecutorJvms(@TempDir Path out) {
        TrainSpec spec = TrainSpec.from(LowbitConfig.load(null, List.of("data=" + dataset, "mode=parameter-averaging", "engine=dl4j",
                "workers=2", "batch-size=64", "averaging-frequency=5", "epochs=1", "max-steps-per-epoch=20",
                "methods=[qgt, rvsm]", "qgt.lambda=300", "lr-schedule.kind=cosine", "eval-splits=[val]"), "train"));
        TrainSummary summary = TrainJob.run(cluster, spec, RunOutput.of(out), System.out::println);
        double accuracy = summary.evaluations().get(0).accuracy();
        assertEquals(20L, summary.steps());
        assertTrue(accuracy > 0.4, "4 averaging rounds of 2 x 5 x 32 images beat chance (0.1): " + accuracy);
        assertTrue(summary.weightSparsity() > 0, "RVSM's epoch-end threshold ran on the averaged weights");
    }

    /** Runs a hook just before the middle step of the first epoch. */
    private record GradientsWithHook(SparkGradients source, Runnable hook) implements lowbit.train.GradientSource {
        @Override
        public int stepsPerEpoch() {
            return source.stepsPerEpoch();
        }

        @Override
        public int globalBatch() {
            return source.globalBatch();
        }

        @Override
        public GradientSum compute(int epoch, int step, float[] params, float[] batchNorm) {
            if (epoch == 0 && step == STEPS / 2) {
                hook.run();
            }
            return source.compute(epoch, step, params, batchNorm);
        }
    }
}
