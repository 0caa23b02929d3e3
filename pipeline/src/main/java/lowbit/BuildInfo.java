package lowbit;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Versions recorded in every manifest and result, for provenance. */
public final class BuildInfo {
    private static final Properties BUILD = load();

    private BuildInfo() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream("lowbit-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read lowbit-build.properties", e);
        }
        return p;
    }

    public static String lowbitVersion() {
        return BUILD.getProperty("lowbit.version", "unknown");
    }

    /** lowbit, Java and the build's Spark, DL4J, libtorch and Parquet versions; pass Spark's runtime version to override. */
    public static Map<String, String> versions(String sparkRuntimeVersion) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("lowbit", lowbitVersion());
        v.put("java", System.getProperty("java.version"));
        v.put("spark", sparkRuntimeVersion != null ? sparkRuntimeVersion : BUILD.getProperty("spark.version", "unknown"));
        v.put("dl4j", BUILD.getProperty("dl4j.version", "unknown"));
        v.put("libtorch", BUILD.getProperty("pytorch.presets.version", "unknown"));
        v.put("parquet", BUILD.getProperty("parquet.version", "unknown"));
        return v;
    }
}
