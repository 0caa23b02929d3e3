package lowbit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import lowbit.engine.NumericKernels.Mode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** How the kernel choice is named and what it passes on to Spark executors (the kernels themselves: EngineGradientsTest). */
@Tag("unit")
class NumericKernelsTest {

    private final String before = System.getProperty(NumericKernels.PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) System.clearProperty(NumericKernels.PROPERTY);
        else System.setProperty(NumericKernels.PROPERTY, before);
    }

    @Test
    void eachModeIsChosenByTheNameUsersWrite() {
        for (Mode mode : Mode.values()) {
            System.setProperty(NumericKernels.PROPERTY, " " + mode.id.toUpperCase(java.util.Locale.ROOT) + " ");
            assertEquals(mode, NumericKernels.configured());
        }
    }

    @Test
    void anUnknownNameIsAnErrorThatListsTheChoices() {
        System.setProperty(NumericKernels.PROPERTY, "avx512");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, NumericKernels::configured);
        assertEquals("-Dlowbit.kernels must be portable, portable-avx512 or native, not 'avx512'", e.getMessage());
    }

    @Test
    void executorsGetTheModeAndEveryVariableThatFixesTheKernels() {
        System.setProperty(NumericKernels.PROPERTY, "portable-avx512");
        Map<String, String> env = NumericKernels.executorEnvironment();
        assertEquals(Map.of("LOWBIT_KERNELS", "portable-avx512", "OPENBLAS_CORETYPE", "SkylakeX", "ATEN_CPU_CAPABILITY", "avx512",
                "DNNL_MAX_CPU_ISA", "AVX512_CORE", "ONEDNN_MAX_CPU_ISA", "AVX512_CORE"), env);
        System.setProperty(NumericKernels.PROPERTY, "native");
        assertEquals(Map.of("LOWBIT_KERNELS", "native"), NumericKernels.executorEnvironment());
        System.setProperty(NumericKernels.PROPERTY, "portable");
        assertTrue(NumericKernels.executorEnvironment().entrySet().containsAll(Map.of("OPENBLAS_CORETYPE", "Haswell",
                "ATEN_CPU_CAPABILITY", "avx2", "DNNL_MAX_CPU_ISA", "AVX2").entrySet()));
    }
}
