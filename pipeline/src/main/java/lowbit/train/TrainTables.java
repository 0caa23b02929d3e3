package lowbit.train;

import lowbit.data.Schemas;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The run's Parquet tables, with the schemas of data-schemas/: epochs/ (one row per epoch) and summary/. */
public final class TrainTables {
    public static final String EPOCHS = "epochs";
    public static final String SUMMARY = "summary";

    private TrainTables() {
    }

    public static void writeEpochs(SparkSession spark, List<EpochMetrics> history, Path outputDir) {
        List<Row> rows = history.stream().map(m -> RowFactory.create(m.epoch(), m.steps(), m.examples(), m.trainLoss(),
                m.penalty(), m.learningRate(), m.seconds(), m.imagesPerSecond(), m.weightSparsity(),
                evaluations(m.evaluations()))).toList();
        write(spark, rows, Schemas.TRAIN_EPOCH, outputDir.resolve(EPOCHS));
    }

    public static void writeSummary(SparkSession spark, TrainSummary s, Path outputDir) {
        Row row = RowFactory.create(s.model(), s.methods(), s.mode(), s.seed(), s.epochs(), s.steps(), s.globalBatch(),
                s.workers(), s.localSteps(), s.workerBatch(), s.learningRate(), s.parameters(), s.broadcastBytes(),
                s.trainSeconds(), s.imagesPerSecond(), s.weightSparsity(), evaluations(s.evaluations()));
        write(spark, List.of(row), Schemas.TRAIN_SUMMARY, outputDir.resolve(SUMMARY));
    }

    private static List<Row> evaluations(List<EvalResult> evals) {
        return evals.stream().map(e -> RowFactory.create(e.split(), e.examples(), e.accuracy(), e.loss(),
                Arrays.stream(e.perClassAccuracy()).boxed().toList(), e.robust() == null ? null : e.robust().examples(),
                e.robust() == null ? null : e.robust().fgsm(), e.robust() == null ? null : e.robust().ifgsm())).toList();
    }

    private static void write(SparkSession spark, List<Row> rows, String schema, Path target) {
        AtomicFiles.replace(target, tmp -> spark.createDataFrame(rows, Schemas.spark(schema)).coalesce(1)
                .write().parquet(tmp.toAbsolutePath().toUri().toString()));
    }
}
