package lowbit.rvscgd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import lowbit.config.ConfigError;
import lowbit.config.LowbitConfig;
import lowbit.sparse.ElementwiseThreshold;
import lowbit.sparse.HardThreshold;
import lowbit.sparse.SoftThreshold;
import lowbit.sparse.TransformedL1Threshold;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RvscgdTest {

    private static final double C = 1 / (2 * 16 * Math.sqrt(2 * Math.PI));

    @Test
    void thresholdsAreTheProxesOfLowbitSparse() {
        ElementwiseThreshold l0 = new ThresholdSetting("l0", 1e-5, 2e-3, 1).create();
        assertInstanceOf(HardThreshold.class, l0);
        assertEquals(0.1, ((HardThreshold) l0).cut(), 1e-12);
        assertInstanceOf(SoftThreshold.class, new ThresholdSetting("l1", 5e-5, 2e-3, 1).create());
        ElementwiseThreshold tl1 = new ThresholdSetting("transformed-l1", 0.5, 1, 1).create();
        assertInstanceOf(TransformedL1Threshold.class, tl1);
        // golden values of the transformed-l1 prox (docs/methods.md): (w, mu, a) = (2, 0.5, 1) -> 1.87939, (1, 0.5, 1) -> 0.61803
        assertArrayEquals(new double[] {1.87939, -0.61803, 0, 0}, Rvscgd.threshold(tl1, new double[] {2, -1, 0.5, 0}), 1e-5);
        assertArrayEquals(new double[] {0.3, 0, -0.15}, Rvscgd.threshold(l0, new double[] {0.3, 0.05, -0.15}));
        assertThrows(IllegalArgumentException.class, () -> new ThresholdSetting("group-l0", 1, 1, 1));
    }

    /**
     * With the expected coarse gradient the iteration is deterministic; its limit is the sparsifying transformation
     * of wStar: wStar itself for l0, the unit soft threshold of wStar at lambda / c for l1, and for transformed l1 a
     * vector with wStar's support.
     */
    @Test
    void expectedGradientIterationConvergesToTheSparsifiedTeacher() {
        SplittableRandom rng = new SplittableRandom(5);
        Teacher teacher = Teacher.sparse(100, 16, 15, rng.split());
        double[] w0 = CoarseGradientTest.near(teacher.w(), 0.2, rng.split());
        Rvscgd.CoarseGradient expected = (w, v, out) ->
                System.arraycopy(GaussianExpectations.coarseGradient(w, v, teacher), 0, out, 0, w.length);

        IterationMetrics l0 = last(teacher, w0, new ThresholdSetting("l0", 1e-5, 2e-3, 1), expected);
        assertEquals(0, l0.angleDeg(), 1e-5);
        assertEquals(0, l0.angleWDeg(), 1e-5);

        double lambda = 5e-5;
        ElementwiseThreshold l1 = new ThresholdSetting("l1", lambda, 2e-3, 1).create();
        List<IterationMetrics> rows = Rvscgd.iterate(teacher, w0, l1, 1.0, 4000, expected);
        double[] shrunk = Rvscgd.threshold(new SoftThreshold(lambda / C, 1), teacher.w());
        double expectedAngle = Math.toDegrees(Vectors.angle(shrunk, teacher.w()));
        assertTrue(expectedAngle > 0.05, "the l1 limit is not wStar itself: " + expectedAngle);
        assertEquals(expectedAngle, rows.get(4000).angleWDeg(), 1e-6);
        assertExactSupport(rows.get(4000));

        assertExactSupport(last(teacher, w0, new ThresholdSetting("transformed-l1", lambda, 2e-3, 1), expected));
        assertExactSupport(l0);
    }

    @Test
    void aSeedFixesTheWholeRunAndEveryThresholdSeesTheSameTeacherAndStart() {
        RvscgdSpec spec = spec(List.of("lowbit.rvscgd.iterations=20", "lowbit.rvscgd.seed=3"));
        ThresholdSetting l0 = spec.thresholds().get(0);
        assertEquals(Rvscgd.run(spec, l0), Rvscgd.run(spec, l0));
        List<IterationMetrics> l1 = Rvscgd.run(spec, spec.thresholds().get(1));
        assertEquals(Rvscgd.run(spec, l0).get(0).angleWDeg(), l1.get(0).angleWDeg());
        RvscgdSpec other = spec(List.of("lowbit.rvscgd.iterations=20", "lowbit.rvscgd.seed=4"));
        assertNotEquals(Rvscgd.run(spec, l0), Rvscgd.run(other, l0));
    }

    @Test
    void teacherIsUnitSparseAndItsNonzerosStayAwayFromZero() {
        Teacher teacher = Rvscgd.teacher(spec(List.of()));
        double[] magnitudes = java.util.Arrays.stream(teacher.w()).map(Math::abs).filter(x -> x > 0).sorted().toArray();
        assertEquals(15, magnitudes.length);
        assertEquals(1.0, Vectors.norm(teacher.w()), 1e-12);
        assertTrue(magnitudes[0] >= Teacher.MIN_MAGNITUDE * magnitudes[14], magnitudes[0] + " vs " + magnitudes[14]);
        assertArrayEquals(java.util.Collections.nCopies(16, 1.0 / 16).stream().mapToDouble(Double::doubleValue).toArray(),
                teacher.v());
    }

    @Test
    void configIsValidatedWithTheKeyInTheMessage() {
        RvscgdSpec defaults = spec(List.of());
        assertEquals(List.of("l0", "l1", "transformed-l1"), defaults.thresholds().stream().map(ThresholdSetting::name).toList());
        assertEquals(15, defaults.teacherNonzeros());
        assertMessage("lowbit.rvscgd.thresholds: unknown threshold 'l2'", "thresholds=[l0, l2]");
        assertMessage("lowbit.rvscgd.teacher-nonzeros must be at most n = 100", "teacher-nonzeros=101");
        assertMessage("lowbit.rvscgd.thresholds: 'l1' is listed twice", "thresholds=[l1, l1]");
        assertMessage("lowbit.rvscgd.l1: beta must be finite and > 0", "l1.beta=0");
        assertMessage("lowbit.rvscgd.lr must be finite and > 0", "lr=-1");
        assertMessage("lowbit.rvscgd.batch-size must be at least 1", "batch-size=0");
    }

    private static IterationMetrics last(Teacher teacher, double[] w0, ThresholdSetting s, Rvscgd.CoarseGradient g) {
        List<IterationMetrics> rows = Rvscgd.iterate(teacher, w0, s.create(), 1.0, 4000, g);
        return rows.get(rows.size() - 1);
    }

    private static void assertExactSupport(IterationMetrics m) {
        assertEquals(1.0, m.precision());
        assertEquals(1.0, m.recall());
        assertEquals(0.85, m.sparsity(), 1e-12);
    }

    private static void assertMessage(String expected, String override) {
        ConfigError e = assertThrows(ConfigError.class, () -> spec(List.of(override)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    static RvscgdSpec spec(List<String> overrides) {
        return RvscgdSpec.from(LowbitConfig.load(null, overrides, "rvscgd"));
    }
}
