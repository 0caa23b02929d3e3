package lowbit.engine;

import lowbit.engine.dl4j.Dl4jNetworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import lowbit.model.ModelZoo;
import lowbit.testdata.GradientChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both engines' float gradients on every zoo model against a double-precision reference that central finite
 * differences confirm, at points without a ReLU kink within reach of float rounding ({@link GradientCase}), under every
 * kernel choice this CPU can run: each OpenBLAS core type, ATen CPU capability and oneDNN ISA in child JVMs with
 * lowbit's kernels left native, two threads, and lowbit's portable kernels (AVX2, the default, and AVX-512 where the
 * CPU has it), which must give the same bits whatever the environment asks for, and the bits recorded on another CPU.
 * A deliberately wrong matrix product shows that the check catches one.
 */
@Tag("cluster")
class EngineGradientsTest {

    @TempDir
    static Path dir;
    private static List<GradientCase> cases;
    private static final Map<NumericKernels.Mode, Run> portable = new java.util.EnumMap<>(NumericKernels.Mode.class);

    @BeforeAll
    static void references() throws IOException {
        cases = new ArrayList<>();
        int k = 0;
        for (GradientCase.Spec spec : GradientCase.specs()) {
            GradientCase c = spec.reference();
            c.write(dir.resolve(String.format("%02d.case", k++)));
            cases.add(c);
        }
    }

    @Test
    void theReferenceIsTheDerivative() {
        for (GradientCase c : cases) {
            TrainableModel reference = Dl4jNetworks.build(ModelZoo.graph(c.name(), c.options()), null, true);
            reference.setBatchNormState(c.state());
            reference.setParameters(c.parameters());
            GradientChecks.assertMatchesFiniteDifferences(reference, c.x(), c.labels(), 4, 3);
        }
    }

    @Test
    void bothEnginesMatchTheReferenceInThisJvm() {
        for (GradientCase c : cases) {
            for (EngineGradientsCheck.Result r : EngineGradientsCheck.check(c)) {
                System.out.println(r.line());
                assertTrue(r.ok(), r.line());
            }
        }
    }

    @Test
    void everyKernelChoiceOfThisCpuMatchesTheReference() throws Exception {
        CpuInfo cpu = CpuInfo.here();
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        variants.put("native", Map.of());
        for (String core : List.of("Sandybridge", "Haswell", "SkylakeX", "Cooperlake")) {
            if (runs(core, cpu)) variants.put("OPENBLAS_CORETYPE=" + core, Map.of("OPENBLAS_CORETYPE", core));
        }
        for (String capability : List.of("default", "avx2", "avx512")) {
            if (!capability.equals("avx512") || cpu.has("avx512f")) {
                variants.put("ATEN_CPU_CAPABILITY=" + capability, Map.of("ATEN_CPU_CAPABILITY", capability));
            }
        }
        variants.put("DNNL_MAX_CPU_ISA=AVX2", Map.of("DNNL_MAX_CPU_ISA", "AVX2"));
        variants.put("OMP_NUM_THREADS=2", Map.of("OMP_NUM_THREADS", "2"));
        Map<String, Future<Run>> runs = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2); // the children are single-threaded but one
        try {
            for (Map.Entry<String, Map<String, String>> v : variants.entrySet()) {
                Map<String, String> env = new LinkedHashMap<>(v.getValue());
                env.put(NumericKernels.ENV, "native");
                runs.put(v.getKey(), pool.submit(() -> child(env)));
            }
            List<String> failures = new ArrayList<>();
            for (Map.Entry<String, Future<Run>> r : runs.entrySet()) {
                Run run = r.getValue().get();
                System.out.println("== " + r.getKey() + " (exit " + run.exit + ")\n" + run.output);
                if (run.exit != 0) failures.add(r.getKey());
            }
            assertEquals(List.of(), failures, "kernel choices whose gradients miss the reference");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void portableKernelsGiveTheSameBitsWhateverTheEnvironmentAsks() throws Exception {
        sameBitsWhateverTheEnvironmentAsks(NumericKernels.Mode.PORTABLE, "Haswell",
                Map.of("OPENBLAS_CORETYPE", "Sandybridge", "ATEN_CPU_CAPABILITY", "default", "DNNL_MAX_CPU_ISA", "AVX"));
    }

    @Test
    void portableAvx512KernelsGiveTheSameBitsWhateverTheEnvironmentAsks() throws Exception {
        NumericKernels.Mode mode = NumericKernels.Mode.PORTABLE_AVX512;
        assumeTrue(mode.runsOn(CpuInfo.here()), "this CPU has no AVX-512");
        sameBitsWhateverTheEnvironmentAsks(mode, "SkylakeX",
                Map.of("OPENBLAS_CORETYPE", "Haswell", "ATEN_CPU_CAPABILITY", "avx2", "DNNL_MAX_CPU_ISA", "AVX2"));
        // the mode takes effect: AVX-512 kernels add up in other orders than the AVX2 ones somewhere
        assertNotEquals(digests(portable(NumericKernels.Mode.PORTABLE).output), digests(portable(mode).output));
    }

    private static void sameBitsWhateverTheEnvironmentAsks(NumericKernels.Mode mode, String core, Map<String, String> asked)
            throws Exception {
        Run plain = portable(mode);
        Map<String, String> env = new LinkedHashMap<>(asked);
        env.put(NumericKernels.ENV, mode.id);
        Run other = child(env);
        System.out.println(plain.output + "\n" + other.output);
        assertEquals(0, plain.exit, plain.output);
        assertTrue(plain.output.contains("OpenBLAS core " + core), plain.output);
        assertEquals(digests(plain.output), digests(other.output), mode.id + " kernels must not depend on " + asked);
    }

    /**
     * The same bits on every CPU, not only under every environment of this one: the digests of both engines' gradients
     * and predictions under portable kernels equal those recorded on another machine (the file names it).
     */
    @Test
    void portableKernelsGiveTheBitsRecordedOnAnotherCpu() throws Exception {
        bitsRecordedOnAnotherCpu(NumericKernels.Mode.PORTABLE, "portable-kernel-digests.txt");
    }

    @Test
    void portableAvx512KernelsGiveTheBitsRecordedOnAnotherCpu() throws Exception {
        bitsRecordedOnAnotherCpu(NumericKernels.Mode.PORTABLE_AVX512, "portable-avx512-kernel-digests.txt");
    }

    private static void bitsRecordedOnAnotherCpu(NumericKernels.Mode mode, String recording) throws Exception {
        CpuInfo cpu = CpuInfo.here();
        assumeTrue(mode.runsOn(cpu),
                "without " + mode.instructionSet + " the libraries fall back to other kernels, with other bits");
        List<String> file;
        try (var in = EngineGradientsTest.class.getResourceAsStream(recording)) {
            file = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        List<String> recorded = file.stream().filter(l -> l.startsWith("GRADIENT")).toList();
        Run run = portable(mode);
        assertEquals(0, run.exit, run.output);
        List<String> here = digests(run.output);
        if (!recorded.equals(here)) {
            String where = file.stream().filter(l -> l.startsWith("# Recorded on")).findFirst().orElse("# Recorded on ?");
            fail(mode.id + " kernels computed other bits on this CPU (" + cpu.describe() + ") than on the one of "
                    + recording + " (" + where.substring(2) + ").\nIf a change to the models, the cases or the"
                    + " engines' numerics made them differ on purpose, replace the GRADIENT lines of pipeline/src/test/resources/"
                    + "lowbit/engine/" + recording + " with these (and the Recorded line with this CPU):\n"
                    + String.join("\n", here) + "\nIf nothing changed, lowbit's same-bits promise does not hold on this CPU"
                    + " (docs/guide/same-results-on-every-cpu.md); the errors above say whether the engines still match"
                    + " the reference.\nRecorded:\n" + String.join("\n", recorded));
        }
    }

    /** The check is not blind: a matrix product that drops the last term of every sum fails both engines. */
    @Test
    void aWrongMatrixProductKernelFailsTheCheck() throws Exception {
        Path source = dir.resolve("wrong_sgemm.c");
        try (var in = EngineGradientsTest.class.getResourceAsStream("wrong_sgemm.c")) {
            Files.copy(in, source);
        }
        Path library = dir.resolve("libwrong_sgemm.so");
        Process cc = new ProcessBuilder("cc", "-std=c99", "-Wall", "-Werror", "-O2", "-shared", "-fPIC", "-o", library.toString(),
                source.toString(), "-ldl").inheritIO().start();
        assertEquals(0, cc.waitFor(), "cc failed to build the wrong kernel");
        Run run = child(Map.of("LD_PRELOAD", library.toString()));
        System.out.println(run.output);
        assertEquals(1, run.exit, run.output);
        for (String engine : List.of("dl4j", "torch")) {
            assertTrue(run.output.lines().anyMatch(l -> l.startsWith("GRADIENT " + engine + " lenet") && l.contains(" worst ")),
                    engine + " should miss the reference on LeNet:\n" + run.output);
        }
    }

    /** Both engines on every case under one of lowbit's portable kernel choices, one thread. */
    private static synchronized Run portable(NumericKernels.Mode mode) throws Exception {
        if (!portable.containsKey(mode)) portable.put(mode, child(Map.of(NumericKernels.ENV, mode.id)));
        return portable.get(mode);
    }

    private static List<String> digests(String output) {
        return output.lines().filter(l -> l.startsWith("GRADIENT")).map(l -> l.replaceAll(" error=\\S+", "")).toList();
    }

    /** Whether this CPU can run OpenBLAS's kernels for {@code core} (they would die with SIGILL otherwise). */
    private static boolean runs(String core, CpuInfo cpu) {
        return switch (core) {
            case "Sandybridge" -> cpu.has("avx");
            case "Haswell" -> NumericKernels.Mode.PORTABLE.runsOn(cpu);
            case "SkylakeX" -> NumericKernels.Mode.PORTABLE_AVX512.runsOn(cpu);
            case "Cooperlake" -> cpu.has("avx512f", "avx512bw", "avx512vl", "avx512_bf16");
            default -> false;
        };
    }

    record Run(int exit, String output) {
    }

    private static Run child(Map<String, String> env) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, EngineGradientsCheck.class.getName(), dir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("OPENBLAS_CORETYPE");
        pb.environment().remove(NumericKernels.ENV); // lowbit's default unless env says
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().putAll(env);
        Path log = Files.createTempFile(dir, "child", ".log");
        Process p = pb.redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("gradient check timed out with " + env);
        }
        String out = Files.readString(log);
        String kept = String.join("\n", out.lines().filter(l -> l.startsWith("GRADIENT") || l.startsWith("KERNELS")
                || l.contains("Exception") || l.contains("SIGILL")).toList());
        return new Run(p.exitValue(), kept.isEmpty() ? out : kept);
    }
}
