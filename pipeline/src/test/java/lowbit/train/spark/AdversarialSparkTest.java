package lowbit.train.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import lowbit.config.LowbitConfig;
import lowbit.data.read.Augmentation;
import lowbit.data.read.Normalization;
import lowbit.data.read.ReadOptions;
import lowbit.engine.TrainableModel;
import lowbit.robust.AdversarialTraining;
import lowbit.robust.Attack;
import lowbit.robust.ModelAttack;
import lowbit.robust.RobustAccuracy;
import lowbit.train.EvalResult;
import lowbit.train.FashionShards;
import lowbit.train.GradientSource;
import lowbit.train.LocalEvaluator;
import lowbit.train.LocalGradients;
import lowbit.train.MinibatchObjective;
import lowbit.train.LrSchedule;
import lowbit.train.ModelRecipe;
import lowbit.train.Sgd;
import lowbit.train.TestSteps;
import lowbit.train.job.TrainJob;
import lowbit.train.TrainSpec;
import lowbit.train.TrainState;
import lowbit.train.TrainSummary;
import lowbit.train.TrainTables;
import lowbit.train.Trainer;
import lowbit.testing.TestSpark;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial training and robust evaluation on Spark: the attacks run on the executors, where each minibatch's
 * forward-backward runs, and give what the same attacks give in one JVM.
 */
@Tag("spark")
@Tag("data")
class AdversarialSparkTest {
    @TempDir
    Path tmp;

    /** As {@code SparkEquivalenceTest}, with PGD-2 replacing every worker's minibatches: 2 workers, 2 epochs of 2 steps. */
    @Test
    void adversarialSparkTrainingEqualsSingleJvmTraining() {
        ModelRecipe recipe = new ModelRecipe("lenet", Map.of("seed", "3"));
        ReadOptions options = new ReadOptions(8, 256, 7, Normalization.UNIT, Augmentation.NONE);
        AdversarialTraining adversarial = new AdversarialTraining(new ModelAttack(Attack.pgd(0.1, 0.05, 2), Normalization.UNIT), 5);
        JavaRDD<Row> rows = SplitRows.of(TestSpark.session(), FashionShards.path(), "test", 2);
        TrainState spark;
        try (SparkGradients source = new SparkGradients(rows, recipe, 10, options, 1, 2, MinibatchObjective.adversarial(adversarial))) {
            spark = train(recipe, source);
        }
        TestSteps steps = new TestSteps(TestSteps.partitions(rows), 10, options, 1, 2);
        TrainState local = train(recipe, new LocalGradients(recipe.build(), steps, false, MinibatchObjective.adversarial(adversarial)));
        TrainState natural = train(recipe, new LocalGradients(recipe.build(), steps, false));
        double error = SparkEquivalenceTest.relativeError(spark.params(), local.params());
        double fromNatural = SparkEquivalenceTest.relativeError(local.params(), natural.params());
        System.out.printf("adversarial: Spark vs single JVM %.3g, adversarial vs natural %.3g%n", error, fromNatural);
        assertTrue(error <= 1e-5, "Spark vs single JVM: " + error);
        assertTrue(fromNatural > 1e-3, "the attack changed the training: " + fromNatural);
    }

    private static TrainState train(ModelRecipe recipe, GradientSource source) {
        TrainableModel model = recipe.build();
        Trainer trainer = new Trainer(model.parameterViews(), source, null, List.of(), new Sgd(model.parameterCount(), 0.9, false, 0),
                new LrSchedule(LrSchedule.Kind.CONSTANT, 0.01, List.of(), 1, 1, 0), List.of(), null, 2, line -> { }, state -> { });
        return trainer.run(TrainState.initial(model.parameters(), model.batchNormState()));
    }

    /**
     * {@code lowbit train} in Spark mode with adversarial training and robust evaluation from its config: the epochs
     * and summary tables hold the robust accuracies, which equal a single-JVM evaluation of the saved model.
     */
    @Test
    void trainJobWritesRobustAccuracyComputedOnTheExecutors() throws Exception {
        TrainSpec spec = TrainSpec.from(LowbitConfig.load(null, List.of("data=" + FashionShards.path(), "mode=spark", "workers=2",
                "train-split=test", "epochs=1", "max-steps-per-epoch=3", "batch-size=16", "adversarial.enabled=true",
                "adversarial.eps=0.1", "adversarial.step=0.05", "adversarial.steps=2", "robust-eval.enabled=true",
                "robust-eval.images=100", "robust-eval.fgsm-eps=0.1", "robust-eval.ifgsm-eps=0.1", "robust-eval.ifgsm-step=0.05",
                "robust-eval.ifgsm-steps=3"), "train"));
        Path out = tmp.resolve("run");
        TrainSummary summary = TrainJob.run(TestSpark.session(), spec, lowbit.train.RunOutput.of(out), System.out::println);
        RobustAccuracy robust = summary.evaluations().get(0).robust();
        assertEquals(100, robust.examples());

        TrainableModel model = lowbit.engine.ModelFiles.load(out.resolve(TrainJob.MODEL_FILE));
        EvalResult local = new LocalEvaluator(model, FashionShards.path(), 10, Normalization.UNIT, 500, spec.robustEvaluation())
                .evaluate("test", model.parameters(), model.batchNormState());
        assertEquals(local.robust(), robust);
        assertTrue(robust.ifgsm() <= local.accuracy(), robust + " vs clean " + local.accuracy());

        Row epoch = TestSpark.session().read().parquet(out.resolve(TrainTables.EPOCHS).toString()).first();
        Row eval = epoch.<Row>getList(epoch.fieldIndex("evaluations")).get(0);
        assertEquals(100L, eval.<Long>getAs("robust_examples"));
        assertEquals(robust.fgsm(), eval.<Double>getAs("robust_accuracy_fgsm"));
        assertEquals(robust.ifgsm(), eval.<Double>getAs("robust_accuracy_ifgsm"));
    }
}
