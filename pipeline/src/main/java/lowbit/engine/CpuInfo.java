package lowbit.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CPU this JVM runs on, as /proc/cpuinfo describes its first processor: the model name and the instruction-set
 * flags that decide which kernels the native math libraries pick. Recorded with every result, since results and
 * speed depend on them.
 */
public record CpuInfo(String model, Set<String> flags) {

    /** The flags that change which kernels OpenBLAS, ATen and oneDNN run, in the order they appeared. */
    static final List<String> KERNEL_FLAGS = List.of("avx", "avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile");

    private static final CpuInfo HERE = read(Path.of("/proc/cpuinfo"));

    public static CpuInfo here() {
        return HERE;
    }

    static CpuInfo read(Path cpuinfo) {
        String model = "unknown";
        Set<String> flags = Set.of();
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                String value = line.indexOf(':') < 0 ? "" : line.substring(line.indexOf(':') + 1).trim();
                if (line.startsWith("model name") && model.equals("unknown")) model = value;
                if (line.startsWith("flags") && flags.isEmpty()) flags = Set.of(value.split("\\s+"));
            }
        } catch (IOException e) {
            // not Linux: nothing known
        }
        return new CpuInfo(model, flags);
    }

    public boolean has(String... required) {
        return flags.containsAll(List.of(required));
    }

    /** e.g. {@code AMD EPYC [avx avx2 fma avx512f avx512_vnni avx512_bf16]}: the model and its kernel-relevant flags. */
    public String describe() {
        return model + " " + KERNEL_FLAGS.stream().filter(flags::contains).toList().toString().replace(",", "");
    }

    /** The CPU and the kernel choice as provenance entries ({@code cpu}, {@code kernels}). */
    public static Map<String, String> provenance() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu", here().describe());
        m.put("kernels", NumericKernels.describe());
        return m;
    }
}
