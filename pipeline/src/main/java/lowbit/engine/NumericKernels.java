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
 * 2013 runs, so that a run computes the same bits on any of them. {@link Mode#PORTABLE_AVX512} fixes them to their
 * AVX-512 kernels: the same bits on any AVX-512 CPU (Intel Xeon since Skylake-SP, AMD EPYC since Zen 4), faster for
 * some models and slower for others. {@link Mode#NATIVE} leaves the choice to the libraries: equal across CPUs only
 * within float rounding. The mode comes from the system property {@value #PROPERTY} or the environment variable
 * {@value #ENV} ({@code portable}, {@code portable-avx512} or {@code native}).
 *
 * <p>The libraries read their settings from the process environment once, when they load (OpenBLAS) or first compute
 * (ATen, oneDNN), so {@link #apply()} sets them in the environment before that: lowbit's command line calls it first
 * thing, the engines in their static initializers, the test JVMs at start, and Spark executors get the same variables
 * through {@code spark.executorEnv} ({@link #executorEnvironment()}).
 */
public final class NumericKernels {

    public static final String PROPERTY = "lowbit.kernels";
    public static final String ENV = "LOWBIT_KERNELS";

    /**
     * A kernel choice: the variables that fix each library's kernels (oneDNN 2.x reads DNNL_, 3.x ONEDNN_) and the CPU
     * flags those kernels need.
     */
    public enum Mode {
        PORTABLE("portable", "AVX2", List.of("avx2", "fma"), orderedMap(
                "OPENBLAS_CORETYPE", "Haswell",
                "ATEN_CPU_CAPABILITY", "avx2",
                "DNNL_MAX_CPU_ISA", "AVX2",
                "ONEDNN_MAX_CPU_ISA", "AVX2")),
        PORTABLE_AVX512("portable-avx512", "AVX-512",
                List.of("avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd", "fma"), orderedMap(
                "OPENBLAS_CORETYPE", "SkylakeX",
                "ATEN_CPU_CAPABILITY", "avx512",
                "DNNL_MAX_CPU_ISA", "AVX512_CORE",
                "ONEDNN_MAX_CPU_ISA", "AVX512_CORE")),
        NATIVE("native", "", List.of(), Map.of());

        /** The name users write. */
        public final String id;
        /** The instruction set whose kernels this mode fixes ({@code ""} for native). */
        public final String instructionSet;
        /** The CPU flags (as /proc/cpuinfo names them) every library's kernels of this mode need. */
        public final List<String> cpuFlags;
        /** The variables that fix the kernels, empty for native. */
        public final Map<String, String> environment;

        Mode(String id, String instructionSet, List<String> cpuFlags, Map<String, String> environment) {
            this.id = id;
            this.instructionSet = instructionSet;
            this.cpuFlags = cpuFlags;
            this.environment = environment;
        }

        /** Whether {@code cpu} runs every library's kernels of this mode. */
        public boolean runsOn(CpuInfo cpu) {
            return cpu.has(cpuFlags.toArray(String[]::new));
        }

        static Mode parse(String value, String source) {
            for (Mode m : values()) {
                if (m.id.equals(value.trim().toLowerCase(Locale.ROOT))) return m;
            }
            throw new IllegalArgumentException(source + " must be portable, portable-avx512 or native, not '" + value + "'");
        }
    }

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
        if (!mode.runsOn(CpuInfo.here())) {
            note = mode.id + " requested, but this CPU lacks " + mode.instructionSet + ": the libraries choose their own kernels";
            LOG.warn("lowbit.kernels={}: this CPU lacks some of {}, so OpenBLAS, ATen and oneDNN pick their own kernels and "
                    + "results may differ in the last bits from {} machines", mode.id, mode.cpuFlags, mode.instructionSet);
            return mode;
        }
        List<String> early = loadedLibraries();
        if (!early.isEmpty()) {
            LOG.warn("lowbit.kernels={} was applied after {} loaded: their kernels may already be chosen", mode.id, early);
        }
        LibC libc = Native.loadLibrary("c", LibC.class);
        StringBuilder set = new StringBuilder(mode.id + ":");
        for (Map.Entry<String, String> e : mode.environment.entrySet()) {
            String before = System.getenv(e.getKey());
            if (before != null && !before.equals(e.getValue())) {
                LOG.info("lowbit.kernels={} replaces {}={} by {} (set lowbit.kernels=native to keep it)", mode.id, e.getKey(), before, e.getValue());
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
        env.put(ENV, mode.id);
        env.putAll(mode.environment);
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
