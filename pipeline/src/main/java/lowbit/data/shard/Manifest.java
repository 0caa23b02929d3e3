package lowbit.data.shard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import lowbit.LowbitException;
import lowbit.data.source.SourceFiles;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The dataset's description, written last: counts per split and class, quarantine, source, config,
 * seed, versions and schema version. A folder is a dataset exactly when it holds this file.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(int schemaVersion, String dataset, String format, String source, String sourceFingerprint,
                       String created, long seed, Map<String, String> versions, Map<String, Object> config,
                       List<String> classes, Shape shape, int shards, long records, Map<String, SplitCounts> splits,
                       Quarantine quarantine, ChannelStats trainStats) {

    public static final String FILE = "_manifest.json";
    public static final String DATA_DIR = "data";
    public static final String QUARANTINE_DIR = "quarantine";
    public static final int SCHEMA_VERSION = 1;

    /** The image shape when every record has it; null when sizes differ. */
    public record Shape(int channels, int height, int width) implements java.io.Serializable {
    }

    public record SplitCounts(long records, Map<String, Long> perClass) {
    }

    public record Quarantine(long records, Map<String, Long> reasons) {
    }

    /** Per-channel mean and standard deviation of the train split's pixels, scaled to [0, 1]. */
    public record ChannelStats(double[] mean, double[] std) {
    }

    public static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Manifest read(String datasetDir) {
        String path = SourceFiles.child(datasetDir, FILE);
        if (!SourceFiles.exists(path)) {
            throw new LowbitException(datasetDir + " is not a lowbit dataset (no " + FILE + ")");
        }
        try {
            return JSON.readValue(SourceFiles.readAll(path), Manifest.class);
        } catch (IOException e) {
            throw new LowbitException(path + ": unreadable manifest: " + e.getMessage(), e);
        }
    }
}
