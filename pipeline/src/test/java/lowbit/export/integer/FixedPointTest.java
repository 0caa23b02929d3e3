package lowbit.export.integer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import lowbit.export.c.CToolchain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TFLite's fixed-point requantization in Java, and the C of model.c computing the same on edge cases. */
@Tag("unit")
class FixedPointTest {

    @Test
    void quantizeMultiplierNormalizesToQ31AsTfLite() {
        assertEquals(new FixedPoint.Multiplier(1 << 30, 0), FixedPoint.quantizeMultiplier(0.5));
        assertEquals(new FixedPoint.Multiplier(1 << 30, 1), FixedPoint.quantizeMultiplier(1.0));
        assertEquals(new FixedPoint.Multiplier(1610612736, 0), FixedPoint.quantizeMultiplier(0.75));
        assertEquals(new FixedPoint.Multiplier(1 << 30, -2), FixedPoint.quantizeMultiplier(0.125));
        // q 2^31 rounds up to 2^31: renormalized to 2^30 with the next exponent
        assertEquals(new FixedPoint.Multiplier(1 << 30, 1), FixedPoint.quantizeMultiplier(1 - 1e-12));
        assertEquals(new FixedPoint.Multiplier(0, 0), FixedPoint.quantizeMultiplier(0));
        assertEquals(new FixedPoint.Multiplier(0, 0), FixedPoint.quantizeMultiplier(1e-12)); // below 2^-32
        assertEquals(new FixedPoint.Multiplier(Integer.MAX_VALUE, 30), FixedPoint.quantizeMultiplier(1e12));
        Random r = new Random(1);
        for (int i = 0; i < 1000; i++) {
            double m = Math.exp(r.nextDouble() * 30 - 20);
            FixedPoint.Multiplier q = FixedPoint.quantizeMultiplier(m);
            assertTrue(q.multiplier() >= 1 << 30, "normalized: " + q);
            assertEquals(m, q.value(), m * 1e-9);
        }
    }

    @Test
    void roundingFollowsGemmlowp() {
        assertEquals(3, FixedPoint.roundingDivideByPot(5, 1));
        assertEquals(-3, FixedPoint.roundingDivideByPot(-5, 1));
        assertEquals(-2, FixedPoint.roundingDivideByPot(-4, 1));
        assertEquals(2, FixedPoint.roundingDivideByPot(7, 2));
        assertEquals(-2, FixedPoint.roundingDivideByPot(-7, 2));
        assertEquals(-1, FixedPoint.roundingDivideByPot(Integer.MIN_VALUE, 31));
        assertEquals(Integer.MAX_VALUE, FixedPoint.saturatingRoundingDoublingHighMul(Integer.MIN_VALUE, Integer.MIN_VALUE));
        FixedPoint.Multiplier half = FixedPoint.quantizeMultiplier(0.5);
        assertEquals(2, FixedPoint.multiplyByQuantizedMultiplier(3, half));
        // gemmlowp's doubling high multiply nudges a negative product by 1 - 2^30: an exact -1.5 goes to -1
        assertEquals(-1, FixedPoint.multiplyByQuantizedMultiplier(-3, half));
        assertEquals(-1, FixedPoint.multiplyByQuantizedMultiplier(-5, FixedPoint.quantizeMultiplier(0.25)));
        assertEquals(-2, FixedPoint.multiplyByQuantizedMultiplier(-7, FixedPoint.quantizeMultiplier(0.25)));
        assertEquals(50, FixedPoint.multiplyByQuantizedMultiplier(100, half));
        assertEquals(-3, FixedPoint.roundHalfAway(-2.5));
        assertEquals(3, FixedPoint.roundHalfAway(2.5));
    }

    /**
     * MBQM rounds twice: the high multiply to an integer, then the shift. It is never more than one step off the exactly
     * rounded x M, and with a long final shift (at least 10 bits, which the accumulator headroom gives small
     * multipliers) it is the exactly rounded value in practice; with a short one it is off about as often as
     * 2^-(shift + 2) (1.4 % over shifts 0..36).
     */
    @Test
    void doubleRoundingIsAtMostOneStepAndRareWithLongShifts() {
        Random r = new Random(2);
        int wrongLong = 0;
        int longShifts = 0;
        for (int i = 0; i < 100_000; i++) {
            int x = r.nextInt(1 << 30) - (1 << 29);
            FixedPoint.Multiplier q = FixedPoint.quantizeMultiplier(Math.exp(r.nextDouble() * -25));
            // x m 2^(shift - 31), exactly, rounded half away from zero
            long exact = new BigDecimal((long) x * q.multiplier()).divide(BigDecimal.valueOf(2).pow(31 - q.shift()))
                    .setScale(0, RoundingMode.HALF_UP).longValueExact();
            long got = FixedPoint.multiplyByQuantizedMultiplier(x, q);
            assertTrue(Math.abs(got - exact) <= 1, x + " x " + q);
            if (-q.shift() >= 10) {
                longShifts++;
                if (got != exact) wrongLong++;
            }
        }
        assertTrue(wrongLong <= longShifts / 1000, wrongLong + " of " + longShifts + " off with shifts of 10 bits or more");
    }

    /** model.c's lowbit_mbqm and lowbit_requantize, compiled, on values at the edges: equal to Java's. */
    @Test
    void theCComputesTheSameAsJava(@TempDir Path dir) throws Exception {
        assertTrue(CToolchain.available("cc"), "this test compiles C: install a C compiler (bin/test does)");
        String kernels = new String(FixedPoint.class.getResourceAsStream("/lowbit/export/c/kernels.c").readAllBytes());
        String requant = kernels.substring(kernels.indexOf("//@ requant"), kernels.indexOf("//@ unpack"));
        String main = """
                #include <stdint.h>
                #include <stdio.h>
                %s
                int main(void) {
                    long x, m, s, zp, lo, hi, step;
                    while (scanf("%%ld %%ld %%ld %%ld %%ld %%ld %%ld", &x, &m, &s, &zp, &lo, &hi, &step) == 7) {
                        int32_t mult = (int32_t)m;
                        int8_t shift = (int8_t)s;
                        lowbit_requant rq;
                        rq.multiplier = &mult;
                        rq.shift = &shift;
                        rq.channels = 1;
                        rq.zero_point = (int32_t)zp;
                        rq.min = (int32_t)lo;
                        rq.max = (int32_t)hi;
                        rq.step = (int32_t)step;
                        printf("%%ld %%d\\n", (long)lowbit_mbqm((int32_t)x, mult, (int)s), (int)lowbit_requantize((int32_t)x, &rq, 0));
                    }
                    return 0;
                }
                """.formatted(requant.substring(requant.indexOf('\n') + 1));
        Files.writeString(dir.resolve("t.c"), main);
        List<String> cc = new ArrayList<>(List.of("cc"));
        cc.addAll(CToolchain.FLAGS);
        cc.addAll(List.of("-o", "t", "t.c"));
        CToolchain.run(cc, dir);

        Random r = new Random(3);
        int[] edges = {0, 1, -1, 2, -2, 127, -128, 255, -255, 1 << 20, -(1 << 20), Integer.MAX_VALUE, Integer.MIN_VALUE,
                Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1, 1 << 30, -(1 << 30)};
        StringBuilder in = new StringBuilder();
        List<long[]> cases = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            int x = i < edges.length * 20 ? edges[i % edges.length] : r.nextInt();
            if (i % 3 == 0 && i >= edges.length * 20) x >>= r.nextInt(31);
            int m = i % 7 == 0 ? Integer.MIN_VALUE : i % 11 == 0 ? Integer.MAX_VALUE : (1 << 30) + r.nextInt(1 << 30);
            int shift = r.nextInt(62) - 31;
            int zp = r.nextInt(256) - 128;
            int lo = r.nextInt(2) == 0 ? -128 : zp;
            int hi = r.nextInt(2) == 0 ? 127 : Math.max(lo, Math.min(127, zp + r.nextInt(200)));
            int step = i % 13 == 0 ? 1 : 0;
            cases.add(new long[] {x, m, shift, zp, lo, hi, step});
            in.append(x).append(' ').append(m).append(' ').append(shift).append(' ').append(zp).append(' ').append(lo).append(' ')
                    .append(hi).append(' ').append(step).append('\n');
        }
        Files.writeString(dir.resolve("in.txt"), in);
        String out = CToolchain.run(List.of("sh", "-c", "./t < in.txt"), dir);
        String[] lines = out.split("\n");
        assertEquals(cases.size(), lines.length);
        for (int i = 0; i < cases.size(); i++) {
            long[] c = cases.get(i);
            int x = (int) c[0];
            int mbqm = FixedPoint.multiplyByQuantizedMultiplier(x, (int) c[1], (int) c[2]);
            Requantization rq = new Requantization(new int[] {(int) c[1]}, new int[] {(int) c[2]}, (int) c[3], (int) c[4], (int) c[5], c[6] == 1);
            assertEquals(mbqm + " " + rq.apply(x, 0), lines[i], "x " + x + ", multiplier " + c[1] + ", shift " + c[2]);
        }
    }
}
