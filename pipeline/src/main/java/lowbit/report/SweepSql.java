package lowbit.report;

import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import lowbit.LowbitException;
import lowbit.data.source.SourceFiles;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

/** Spark SQL over a sweep's result tables, registered as the views {@code cells}, {@code epochs}, {@code layers}. */
public final class SweepSql {
    public static final List<String> TABLES = List.of("cells", "epochs", "layers");

    private SweepSql() {
    }

    /** Registers each table the sweep folder holds; returns the names registered. */
    public static List<String> register(SparkSession spark, String sweepDir) {
        if (!SourceFiles.exists(sweepDir + "/cells")) {
            throw new LowbitException(sweepDir + " holds no sweep results (no cells table)");
        }
        List<String> registered = new ArrayList<>();
        for (String table : TABLES) {
            String path = sweepDir + "/" + table;
            if (SourceFiles.exists(path) && !SourceFiles.list(path, s -> true).isEmpty()) {
                // cells written by older lowbit versions lack newer (nullable) columns
                spark.read().option("mergeSchema", "true").parquet(path).createOrReplaceTempView(table);
                registered.add(table);
            }
        }
        return registered;
    }

    /**
     * The cells view as a SQL relation that has every one of these string columns: those written before a column
     * existed read as null (e.g. teacher before version 6, layer_bits before version 7).
     */
    static String cellsWith(SparkSession spark, String... stringColumns) {
        List<String> missing = Arrays.stream(stringColumns).filter(c -> !cellsHave(spark, c)).toList();
        if (missing.isEmpty()) return "cells";
        StringBuilder sql = new StringBuilder("(SELECT *");
        for (String c : missing) sql.append(", CAST(NULL AS STRING) AS ").append(c);
        return sql.append(" FROM cells) AS c").toString();
    }

    /** Whether the registered cells view has all these columns (cells written by older versions may lack some). */
    static boolean cellsHave(SparkSession spark, String... columns) {
        return Arrays.asList(spark.table("cells").columns()).containsAll(Arrays.asList(columns));
    }

    public static Dataset<Row> query(SparkSession spark, String sweepDir, String sql) {
        register(spark, sweepDir);
        try {
            return spark.sql(sql);
        } catch (Exception e) { // AnalysisException and ParseException are checked in Scala
            throw new LowbitException("SQL error: " + e.getMessage(), e);
        }
    }

    /** CSV with a header; arrays, maps and structs as JSON text. */
    public static void writeCsv(Dataset<Row> result, Writer out) {
        Dataset<Row> flat = result.select(flatColumns(result.schema()));
        CsvWriterSettings settings = new CsvWriterSettings();
        settings.setHeaders(flat.columns());
        CsvWriter csv = new CsvWriter(out, settings);
        csv.writeHeaders();
        for (Row r : flat.collectAsList()) {
            Object[] values = new Object[r.length()];
            for (int i = 0; i < r.length(); i++) {
                values[i] = r.get(i);
            }
            csv.writeRow(values);
        }
        csv.flush();
    }

    public static List<String> jsonLines(Dataset<Row> result) {
        return result.toJSON().collectAsList();
    }

    private static Column[] flatColumns(StructType schema) {
        List<Column> columns = new ArrayList<>();
        for (StructField f : schema.fields()) {
            boolean complex = f.dataType() instanceof ArrayType || f.dataType() instanceof MapType || f.dataType() instanceof StructType;
            columns.add(complex ? to_json(col(f.name())).as(f.name()) : col(f.name()));
        }
        return columns.toArray(Column[]::new);
    }
}
