package lowbit.data;

import org.apache.avro.Schema;
import org.apache.spark.sql.avro.SchemaConverters;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.InputStream;

/** The record schemas of {@code data-schemas/}, as Avro and as Spark SQL types. */
public final class Schemas {
    public static final String IMAGE_RECORD = "image_record.avsc";
    public static final String QUARANTINE_RECORD = "quarantine_record.avsc";
    public static final String TRAIN_EPOCH = "train_epoch.avsc";
    public static final String TRAIN_SUMMARY = "train_summary.avsc";
    public static final String LAYER_REPORT = "layer_report.avsc";
    public static final String RVSCGD_ITERATION = "rvscgd_iteration.avsc";

    private Schemas() {
    }

    public static Schema avro(String file) {
        try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream("data-schemas/" + file)) {
            if (in == null) {
                throw new IllegalStateException("schema data-schemas/" + file + " is not on the classpath");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema " + file, e);
        }
    }

    public static StructType spark(String file) {
        return (StructType) SchemaConverters.toSqlType(avro(file)).dataType();
    }
}
