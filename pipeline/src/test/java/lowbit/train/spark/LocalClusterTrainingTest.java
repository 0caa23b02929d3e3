package lowbit.train.spark;

import lowbit.data.read.Augmentation;
import lowbit.data.read.Normalization;
import lowbit.data.read.ReadOptions;
import lowbit.testing.ExecutorKiller;
import lowbit.testing.LocalCluster;
import lowbit.train.FashionShards;
import lowbit.train.GradientSum;
import lowbit.train.LocalGradients;
import lowbit.train.ModelRecipe;
import lowbit.train.TestSteps;
import lowbit.train.TrainState;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training with executors in separate JVMs ({@code local-cluster[2,1,1024]}): the model recipe and read options
 * travel serialized, natives load in each executor, and LeNet with QGT and RVSM attached ends where single-JVM
 * training ends. Killing one executor's JVM mid-training costs a replacement executor and retried tasks, not
 * correctness: the run ends with exactly the parameters of the uninterrupted run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalClusterTrainingTest {
    private static final int WORKERS = 2;
    private static final int LOCAL_STEPS = 2;
    private static final int STEPS = 4;
    private static final ModelRecipe LENET = new ModelRecipe("lenet", Map.of("seed", "3"));
    private static final ReadOptions OPTIONS = new ReadOptions(16, 256, 7, Normalization.UNIT, Augmentation.NONE);

    private SparkSession cluster;
    private JavaRDD<Row> rows;
    private TrainState uninterrupted;

    @BeforeAll
    void startCluster() {
        String dataset = FashionShards.testImages();
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
        TrainState local = SparkEquivalenceTest.train(LENET, new LocalGradients(LENET.build(), steps, true));
        TrainState spark = uninterrupted();
        double moved = SparkEquivalenceTest.relativeError(local.params(), LENET.build().parameters());
        double error = SparkEquivalenceTest.relativeError(spark.params(), local.params());
        System.out.printf("local-cluster LeNet: parameter relative error %.3g (training moved them by %.3g)%n", error, moved);
        assertTrue(moved > 1e-3, "training changed the parameters: " + moved);
        assertTrue(error <= 1e-5, "local-cluster vs single JVM: " + error);
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
