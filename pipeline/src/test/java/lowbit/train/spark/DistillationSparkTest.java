package lowbit.train.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import lowbit.data.read.Augmentation;
import lowbit.data.read.Normalization;
import lowbit.data.read.ReadOptions;
import lowbit.distill.DistillSettings;
import lowbit.distill.Distillation;
import lowbit.engine.ModelFiles;
import lowbit.engine.TrainableModel;
import lowbit.train.FashionShards;
import lowbit.train.GradientSource;
import lowbit.train.LocalGradients;
import lowbit.train.LrSchedule;
import lowbit.train.MinibatchObjective;
import lowbit.train.ModelRecipe;
import lowbit.train.Sgd;
import lowbit.train.TestSteps;
import lowbit.train.TrainState;
import lowbit.train.Trainer;
import lowbit.testing.TestSpark;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distillation on Spark: the executors load the teacher and draw their share of each step's unlabeled images, and
 * training equals the single-JVM accumulation of the same minibatches (2 workers x 2 local steps, 2 epochs of 2 steps).
 */
@Tag("spark")
@Tag("data")
class DistillationSparkTest {
    @TempDir
    Path tmp;

    @Test
    void distilledSparkTrainingEqualsSingleJvmTraining() throws Exception {
        ModelRecipe student = new ModelRecipe("lenet", Map.of("seed", "3"), "torch", 1);
        TrainableModel teacher = new ModelRecipe("lenet", Map.of("seed", "9"), "torch", 1).build();
        Path teacherFile = tmp.resolve("teacher.zip");
        ModelFiles.save(teacher, teacherFile, Normalization.UNIT, List.of(), Map.of());
        DistillSettings settings = new DistillSettings(teacherFile.toString(), 3.0, 0.7, List.of(FashionShards.small()), 8);
        int workers = 2;
        int localSteps = 2;
        MinibatchObjective objective = new MinibatchObjective(null,
                new Distillation(settings, teacherFile.toString(), "torch", Normalization.UNIT, workers * localSteps, localSteps, 11));
        ((Distillation) objective.distillation()).check(10, new int[] {1, 28, 28});

        ReadOptions options = new ReadOptions(8, 256, 7, Normalization.UNIT, Augmentation.NONE);
        JavaRDD<Row> rows = SplitRows.of(TestSpark.session(), FashionShards.path(), "test", workers);
        TrainState spark;
        try (SparkGradients source = new SparkGradients(rows, student, 10, options, localSteps, 2, objective)) {
            spark = train(student, source);
        }
        TestSteps steps = new TestSteps(TestSteps.partitions(rows), 10, options, localSteps, 2);
        TrainState local = train(student, new LocalGradients(student.build(), steps, false, objective));
        TrainState plain = train(student, new LocalGradients(student.build(), steps, false));
        double error = SparkEquivalenceTest.relativeError(spark.params(), local.params());
        double fromPlain = SparkEquivalenceTest.relativeError(local.params(), plain.params());
        System.out.printf("distillation: Spark vs single JVM %.3g, distilled vs plain %.3g%n", error, fromPlain);
        assertTrue(error <= 1e-5, "Spark vs single JVM: " + error);
        assertTrue(fromPlain > 1e-3, "the teacher and the unlabeled images changed the training: " + fromPlain);
    }

    private static TrainState train(ModelRecipe recipe, GradientSource source) {
        TrainableModel model = recipe.build();
        Trainer trainer = new Trainer(model.parameterViews(), source, null, List.of(), new Sgd(model.parameterCount(), 0.9, false, 0),
                new LrSchedule(LrSchedule.Kind.CONSTANT, 0.01, List.of(), 1, 1, 0), List.of(), null, 2, line -> { }, state -> { });
        return trainer.run(TrainState.initial(model.parameters(), model.batchNormState()));
    }
}
