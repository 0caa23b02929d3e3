package lowbit.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which CPU kernels the native math libraries under both engines run: OpenBLAS (DL4J's matrix products, libtorch's
 * non-oneDNN convolutions and dense layers), libtorch's ATen kernels and oneDNN. Each library picks kernels for the
 * CPU it finds (AVX2, AVX-512, AMX), and kernels of different widths add up products in different orders: the same
 * model and batch then give gradients that differ in the last bits on an AMD EPYC and on an Intel Xeon, and training
 * amplifies that into different weights.
 *
 * <p>{@link Mode#PORTABLE} (the default) fixes every library to its AVX2 kernels, which every x86-64 server CPU since
 * 2013 runs, so that a run computes the same bits on any of them. {@link Mode#NATIVE} leaves the choice to the
 * libraries: faster on AVX-512 machines, equal across CPUs only within float rounding. The mode comes from the system
 * property {@value #PROPERTY} or the environment variable {@value #ENV} ({@code portable} or {@code native}).
 *
 * <p>The libraries read their settings from the process environment once, when they load (OpenBLAS) or first compute
 * (ATen, oneDNN), so {@link #apply()} sets them in the environment before that: lowbit's command line calls it first
 * thing, the engines in their static initializers, the test JVMs at start, and Spark executors get the same variables
 * through {@code spark.executorEnv} ({@link #executorEnvironment()}).
 */
public final class NumericKernels {

    public static final String PROPERTY = "lowbit.kernels";
    public static final String ENV = "LOWBIT_KERNELS";

    public enum Mode {
        PORTABLE, NATIVE;

        static Mode parse(String value, String source) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " must be portable or native, not '" + value + "'");
            }
        }
    }

    /** The variables that make each library run its AVX2 kernels (oneDNN 2.x reads the DNNL_ name, 3.x the ONEDNN_ one). */
    static final Map<String, String> PORTABLE_ENVIRONMENT = orderedMap(
            "OPENBLAS_CORETYPE", "Haswell",
            "ATEN_CPU_CAPABILITY", "avx2",
            "DNNL_MAX_CPU_ISA", "AVX2",
            "ONEDNN_MAX_CPU_ISA", "AVX2");

    private static final Logger LOG = LoggerFactory.getLogger(NumericKernels.class);
    private static Mode applied;
    private static String note = "";

    private NumericKernels() {
    }

    /** The configured mode: the system property, else the environment variable, else portable. */
    public static Mode configured() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) return Mode.parse(property, "-D" + PROPERTY);
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) return Mode.parse(env, ENV);
        return Mode.PORTABLE;
    }

    /**
     * Sets the environment of the configured mode, once per JVM; later calls return the mode applied first. Warns when a
     * library was loaded before (its kernels were chosen already) or when the CPU lacks AVX2 and FMA.
     */
    public static synchronized Mode apply() {
        if (applied != null) return applied;
        Mode mode = configured();
        applied = mode;
        if (mode == Mode.NATIVE) {
            note = "native: the libraries choose their kernels for this CPU";
            return mode;
        }
        if (!CpuInfo.here().has("avx2", "fma")) {
            note = "portable requested, but this CPU has no AVX2/FMA: the libraries choose older kernels";
            LOG.warn("lowbit.kernels=portable: this CPU lacks AVX2 or FMA, so OpenBLAS, ATen and oneDNN pick their own "
                    + "kernels and results may differ in the last bits from AVX2 machines");
            return mode;
        }
        List<String> early = loadedLibraries();
        if (!early.isEmpty()) {
            LOG.warn("lowbit.kernels=portable was applied after {} loaded: their kernels may already be chosen", early);
        }
        LibC libc = Native.loadLibrary("c", LibC.class);
        StringBuilder set = new StringBuilder("portable:");
        for (Map.Entry<String, String> e : PORTABLE_ENVIRONMENT.entrySet()) {
            String before = System.getenv(e.getKey());
            if (before != null && !before.equals(e.getValue())) {
                LOG.info("lowbit.kernels=portable replaces {}={} by {} (set lowbit.kernels=native to keep it)", e.getKey(), before, e.getValue());
            }
            if (libc.setenv(e.getKey(), e.getValue(), 1) != 0) throw new IllegalStateException("setenv " + e.getKey() + " failed");
            set.append(' ').append(e.getKey()).append('=').append(e.getValue());
        }
        note = set.toString();
        return mode;
    }

    /**
     * What {@link #apply()} did and, once OpenBLAS is loaded, the kernels it reports, e.g.
     * {@code portable: OPENBLAS_CORETYPE=Haswell ...; OpenBLAS core Haswell}; for provenance and benchmark tables.
     */
    public static synchronized String describe() {
        String core = openBlasCores();
        return (applied == null ? "not applied" : note) + (core.isEmpty() ? "" : "; OpenBLAS core " + core);
    }

    /** The variables Spark executors need to run the same kernels as this JVM ({@code spark.executorEnv.*}). */
    public static Map<String, String> executorEnvironment() {
        Mode mode = configured();
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ENV, mode.name().toLowerCase(Locale.ROOT));
        if (mode == Mode.PORTABLE) env.putAll(PORTABLE_ENVIRONMENT);
        return env;
    }

    /** The core names the loaded OpenBLAS copies report ({@code openblas_get_corename}), comma-separated; empty before any loads. */
    public static String openBlasCores() {
        TreeSet<String> cores = new TreeSet<>();
        for (String path : loadedLibraries()) {
            if (!path.contains("libopenblas")) continue;
            try {
                cores.add(NativeLibrary.getInstance(path).getFunction("openblas_get_corename").invokeString(new Object[0], false).trim());
            } catch (UnsatisfiedLinkError e) {
                cores.add("unknown (" + e.getMessage() + ")");
            }
        }
        return String.join(", ", cores);
    }

    /** Paths of the mapped native math libraries (OpenBLAS, libnd4j, libtorch), from /proc/self/maps. */
    public static List<String> loadedLibraries() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .map(line -> line.indexOf('/') < 0 ? "" : line.substring(line.indexOf('/')))
                    .filter(p -> p.contains("libopenblas") || p.contains("libnd4jcpu") || p.contains("libtorch_cpu"))
                    .distinct().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }

    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }
}
