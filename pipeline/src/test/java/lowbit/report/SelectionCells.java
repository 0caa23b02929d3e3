package lowbit.report;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/** The columns of the cells table that the selection tables read, as a temporary view of hand-made rows. */
final class SelectionCells {
    static final StructType SCHEMA = new StructType().add("cell_id", DataTypes.StringType).add("model", DataTypes.StringType)
            .add("method", DataTypes.StringType).add("bits", DataTypes.IntegerType).add("seed", DataTypes.LongType)
            .add("fold", DataTypes.IntegerType).add("status", DataTypes.StringType)
            .add("val_accuracy", DataTypes.DoubleType).add("accuracy", DataTypes.DoubleType)
            .add("float_accuracy", DataTypes.DoubleType).add("test_examples", DataTypes.LongType)
            .add("packed_bytes", DataTypes.LongType).add("method_settings", DataTypes.StringType);

    private SelectionCells() {
    }

    static void register(SparkSession spark, List<Row> rows) {
        spark.createDataFrame(rows, SCHEMA).createOrReplaceTempView("cells");
    }

    /** As {@link #register} with a last column, teacher (cells tables from version 6 on). */
    static void registerWithTeacher(SparkSession spark, List<Row> rows) {
        spark.createDataFrame(rows, SCHEMA.add("teacher", DataTypes.StringType)).createOrReplaceTempView("cells");
    }

    /** As {@link #registerWithTeacher} with one more last column, layer_bits (cells tables from version 7 on). */
    static void registerWithTeacherAndLayerBits(SparkSession spark, List<Row> rows) {
        spark.createDataFrame(rows, SCHEMA.add("teacher", DataTypes.StringType).add("layer_bits", DataTypes.StringType))
                .createOrReplaceTempView("cells");
    }

    /** The method_settings of a qgt cell at this lambda (cells tables from version 8 on). */
    static String qgtSettings(int lambda) {
        return "qgt lambda=" + lambda;
    }
}
