package lowbit.data;

import lowbit.LowbitException;
import lowbit.data.source.SourceFiles;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Parquet table of one record schema from {@code data-schemas/}, partitioned as the schema's
 * {@code lowbit.partition_by} says, that grows one named file at a time: each file is written under a
 * hidden name and renamed into place, so readers see whole files or none, and writing the same name
 * again replaces it.
 */
public final class ResultTable {
    private final String root;
    private final Schema schema;
    private final List<String> partitionBy;
    private final Schema fileSchema;

    public ResultTable(String root, String schemaFile) {
        this.root = root;
        this.schema = Schemas.avro(schemaFile);
        Object partitions = schema.getObjectProp("lowbit.partition_by");
        this.partitionBy = partitions == null ? List.of() : ((List<?>) partitions).stream().map(Object::toString).toList();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            if (!partitionBy.contains(f.name())) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        this.fileSchema = Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    public String root() {
        return root;
    }

    /** Writes the rows as file {@code name} in each partition they fall in, replacing earlier files of that name. */
    public void write(String name, List<Map<String, Object>> rows) {
        Map<String, List<Map<String, Object>>> byPartition = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            check(row);
            StringBuilder dir = new StringBuilder(root);
            for (String p : partitionBy) {
                dir.append('/').append(p).append('=').append(row.get(p));
            }
            byPartition.computeIfAbsent(dir.toString(), d -> new ArrayList<>()).add(row);
        }
        byPartition.forEach((dir, group) -> writeFile(dir, name, group));
    }

    private void check(Map<String, Object> row) {
        for (String key : row.keySet()) {
            if (schema.getField(key) == null) {
                throw new IllegalArgumentException(schema.getName() + " has no field '" + key + "'");
            }
        }
        for (String p : partitionBy) {
            Object v = row.get(p);
            if (v == null || v.toString().isEmpty() || v.toString().contains("/")) {
                throw new IllegalArgumentException("partition field '" + p + "' must be a plain non-empty value, not " + v);
            }
        }
    }

    private void writeFile(String dir, String name, List<Map<String, Object>> rows) {
        Path target = new Path(dir, "part-" + name + ".parquet");
        Path temp = new Path(dir, ".part-" + name + "-" + UUID.randomUUID() + ".tmp");
        try {
            FileSystem fs = SourceFiles.fs(dir);
            fs.mkdirs(new Path(dir));
            try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(
                            HadoopOutputFile.fromPath(temp, SourceFiles.hadoopConf()))
                    .withSchema(fileSchema).withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withWriteMode(ParquetFileWriter.Mode.CREATE).build()) {
                for (Map<String, Object> row : rows) {
                    GenericData.Record record = new GenericData.Record(fileSchema);
                    for (Schema.Field f : fileSchema.getFields()) {
                        record.put(f.name(), row.get(f.name()));
                    }
                    writer.write(record);
                }
            }
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(temp, target)) {
                throw new IOException("cannot rename " + temp + " to " + target);
            }
        } catch (IOException | RuntimeException e) {
            try {
                SourceFiles.fs(dir).delete(temp, false);
            } catch (IOException ignored) {
                // nothing more to clean
            }
            throw new LowbitException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Names of the files written so far (the {@code name} passed to {@link #write}), across partitions. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        if (!SourceFiles.exists(root)) {
            return names;
        }
        collect(root, partitionBy.size(), names);
        return names;
    }

    private void collect(String dir, int depth, List<String> names) {
        if (depth == 0) {
            for (var status : SourceFiles.list(dir, s -> s.isFile() && s.getPath().getName().startsWith("part-")
                    && s.getPath().getName().endsWith(".parquet"))) {
                String file = status.getPath().getName();
                names.add(file.substring("part-".length(), file.length() - ".parquet".length()));
            }
            return;
        }
        for (var status : SourceFiles.list(dir, s -> s.isDirectory())) {
            collect(status.getPath().toString(), depth - 1, names);
        }
    }
}
