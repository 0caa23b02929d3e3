package lowbit.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code docs/configuration.md}, the configuration reference: every key of
 * {@code lowbit-defaults.conf} with its default and the comment above it, grouped by section, in the file's
 * order. {@code ConfigurationReferenceTest} fails when the committed file differs from what this renders.
 *
 * <p>Regenerate it with {@link #REGENERATE_COMMAND}, run from the repository root.
 */
public final class ConfigurationReference {
    /** The command that rewrites the reference, run from the repository root. */
    public static final String REGENERATE_COMMAND = "mvn -B -q -pl pipeline compile dependency:build-classpath"
            + " -Dmdep.outputFile=target/runtime-classpath.txt"
            + " && java -cp \"pipeline/target/classes:$(cat pipeline/target/runtime-classpath.txt)\""
            + " lowbit.config.ConfigurationReference";
    /** Where the reference lives, relative to the repository root. */
    public static final String RELATIVE_PATH = "docs/configuration.md";

    /** Which commands read each top-level section (in the defaults' order). */
    private static final Map<String, String> SECTION_READERS = Map.of(
            "lowbit.spark", "every command that starts Spark (`--master` and `spark-submit` take precedence over `master`)",
            "lowbit.shard", "`shard`, and `sweep` when `lowbit.sweep.shard = true`",
            "lowbit.data", "the dataset resolver (`input = \"known:fashion-mnist\"`)",
            "lowbit.train", "`train`, and every sweep cell (grid keys that `lowbit.experiment` lacks are relative to this section)",
            "lowbit.experiment", "every sweep cell (grid keys are relative to this section first)",
            "lowbit.rvscgd", "`experiment rvscgd`",
            "lowbit.sweep", "`sweep`");

    private ConfigurationReference() {
    }

    /**
     * Writes the reference to {@code args[0]}, else to {@value #RELATIVE_PATH} under the repository root
     * ({@code -Dlowbit.repo.root}, else the working directory).
     */
    public static void main(String[] args) throws IOException {
        Path target = args.length > 0 ? Path.of(args[0])
                : Path.of(System.getProperty("lowbit.repo.root", ".")).resolve(RELATIVE_PATH);
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(target, render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + target.toAbsolutePath().normalize());
    }

    /** The reference as Markdown, from the defaults resource on the classpath. */
    public static String render() {
        ConfigObject root = ConfigFactory.parseResources(ConfigurationReference.class.getClassLoader(),
                LowbitConfig.DEFAULTS_RESOURCE, ConfigParseOptions.defaults().setAllowMissing(false)).root();
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n");
        out.append("<!-- Generated from pipeline/src/main/resources/lowbit-defaults.conf by lowbit.config.ConfigurationReference;"
                + " do not edit by hand. -->\n");
        out.append("Generated from `pipeline/src/main/resources/lowbit-defaults.conf`; do not edit by hand. After changing the"
                + " defaults, regenerate it from the repository root with\n\n");
        out.append("```bash\n").append(REGENERATE_COMMAND).append("\n```\n\n");
        out.append("`ConfigurationReferenceTest` (pipeline) fails while this file differs from the defaults.\n\n");
        out.append("## How settings are read\n\n");
        out.append("Every experiment and dataset is a HOCON file in `conf/`; command-line `key=value` settings override it. A key"
                + " is relative to the command's section (`shards=16` in `bin/lowbit shard` is `lowbit.shard.shards`)"
                + " unless it starts with `lowbit.` (`lowbit.spark.master=local[2]`). An unknown key, a wrong type or a"
                + " missing required key is an error naming the key and where it was set (exit code 2). "
                + "`bin/lowbit <command> --help` lists the keys of the command's sections with their defaults.\n\n");
        out.append("Outside this file: the environment variables `LOWBIT_DATA` (where datasets are found), `LOWBIT_JAVA_OPTS`"
                + " (replaces `bin/lowbit`'s `-Xmx8g`) and `OMP_NUM_THREADS` (native threads per task, 1 by default), and"
                + " the JVM system properties `lowbit.kernels` (or the variable `LOWBIT_KERNELS`; `portable`, `portable-avx512` or `native`: see"
                + " [Same results on every CPU](guide/same-results-on-every-cpu.md)) and `lowbit.layers=stock` (DL4J's own"
                + " layers instead of lowbit's, on the dl4j engine).\n\n");
        ConfigValue top = root.get("lowbit");
        List<String> intro = comments(top);
        if (!intro.isEmpty()) {
            out.append(String.join(" ", intro)).append("\n\n");
        }
        out.append("Sections:");
        ConfigObject lowbit = (ConfigObject) top;
        for (Map.Entry<String, ConfigValue> section : inFileOrder(lowbit)) {
            String path = ConfigUtil.joinPath("lowbit", section.getKey());
            out.append(" [`").append(path).append("`](#").append(path.replace(".", "")).append(")");
        }
        out.append(".\n");
        for (Map.Entry<String, ConfigValue> section : inFileOrder(lowbit)) {
            renderObject(out, List.of("lowbit", section.getKey()), (ConfigObject) section.getValue(), 2);
        }
        return out.toString();
    }

    private static void renderObject(StringBuilder out, List<String> path, ConfigObject object, int depth) {
        String name = ConfigUtil.joinPath(path);
        out.append('\n').append("#".repeat(depth)).append(" ").append(name).append("\n\n");
        if (depth == 2 && SECTION_READERS.containsKey(name)) {
            out.append("Read by ").append(SECTION_READERS.get(name)).append(".\n\n");
        }
        List<String> about = comments(object);
        if (!about.isEmpty()) {
            out.append(String.join(" ", about)).append("\n\n");
        }
        List<Map.Entry<String, ConfigValue>> entries = inFileOrder(object);
        List<Map.Entry<String, ConfigValue>> leaves = new ArrayList<>();
        List<Map.Entry<String, ConfigValue>> children = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : entries) {
            if (e.getValue().valueType() == ConfigValueType.OBJECT && !isOpenMap(path, e.getKey())) {
                children.add(e);
            } else {
                leaves.add(e);
            }
        }
        if (!leaves.isEmpty()) {
            out.append("| key | default | description |\n|---|---|---|\n");
            for (Map.Entry<String, ConfigValue> e : leaves) {
                List<String> keyPath = new ArrayList<>(path);
                keyPath.add(e.getKey());
                List<String> description = new ArrayList<>(comments(e.getValue()));
                if (e.getValue() instanceof ConfigObject map) {
                    for (Map.Entry<String, ConfigValue> inner : inFileOrder(map)) {
                        List<String> innerComments = comments(inner.getValue());
                        if (!innerComments.isEmpty()) {
                            description.add("`" + inner.getKey() + "`: " + String.join(" ", innerComments));
                        }
                    }
                }
                out.append("| `").append(cell(ConfigUtil.joinPath(keyPath))).append("` | `")
                        .append(cell(e.getValue().render(ConfigRenderOptions.concise()))).append("` | ")
                        .append(cell(String.join(" ", description))).append(" |\n");
            }
        }
        for (Map.Entry<String, ConfigValue> e : children) {
            List<String> childPath = new ArrayList<>(path);
            childPath.add(e.getKey());
            renderObject(out, childPath, (ConfigObject) e.getValue(), Math.min(depth + 1, 4));
        }
    }

    /** lowbit.spark.conf holds free-form Spark settings: one key whose default is the whole map. */
    private static boolean isOpenMap(List<String> parent, String key) {
        return parent.equals(List.of("lowbit", "spark")) && key.equals("conf");
    }

    private static List<Map.Entry<String, ConfigValue>> inFileOrder(ConfigObject object) {
        List<Map.Entry<String, ConfigValue>> entries = new ArrayList<>(object.entrySet());
        entries.sort(Comparator.comparingInt((Map.Entry<String, ConfigValue> e) -> e.getValue().origin().lineNumber())
                .thenComparing(Map.Entry::getKey));
        return entries;
    }

    private static List<String> comments(ConfigValue value) {
        List<String> lines = new ArrayList<>();
        for (String line : value.origin().comments()) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty()) {
                lines.add(trimmed);
            }
        }
        return lines;
    }

    /** Text safe inside a Markdown table cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
