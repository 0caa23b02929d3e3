package lowbit.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AttackTest {

    /** Float rounding of c - eps and c + eps. */
    private static final double ROUNDING = 1e-6;

    /**
     * Random losses (a dense random linear map plus a random quadratic, so signs change along the path), random
     * clean pixels with many exactly 0 or 1, random radii, steps and kinds: no pixel ever leaves [0, 1] or the ball.
     */
    @Test
    void neverLeavesTheBallOrTheUnitInterval() {
        Random rng = new Random(1);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rng.nextInt(4);
            int per = 1 + rng.nextInt(40);
            float[] clean = new float[n * per];
            for (int i = 0; i < clean.length; i++) {
                int pick = rng.nextInt(4);
                clean[i] = pick == 0 ? 0f : pick == 1 ? 1f : rng.nextFloat();
            }
            LossGradient loss = randomLoss(rng, clean.length);
            float eps = rng.nextInt(10) == 0 ? 1e-3f : 1e-3f + rng.nextFloat() * 0.5f;
            int steps = 1 + rng.nextInt(12);
            Attack attack = switch (rng.nextInt(3)) {
                case 0 -> Attack.fgsm(eps);
                case 1 -> Attack.ifgsm(eps, 0.001 + rng.nextFloat() * 0.3, steps);
                default -> Attack.pgd(eps, 0.001 + rng.nextFloat() * 0.3, steps);
            };
            long[] seeds = rng.longs(n).toArray();
            float[] x = attack.perturb(clean, seeds, loss);
            for (int i = 0; i < x.length; i++) {
                String where = attack + " trial " + trial + " pixel " + i + ": " + clean[i] + " -> " + x[i];
                assertTrue(x[i] >= 0f && x[i] <= 1f, where);
                assertTrue(Math.abs((double) x[i] - clean[i]) <= eps + ROUNDING, where);
            }
        }
    }

    @Test
    void fgsmMovesEveryPixelByEpsInTheGradientSignUnlessClipped() {
        float[] clean = {0.5f, 0.5f, 0.99f, 0.01f, 0.3f};
        float[] w = {2f, -0.1f, 1f, -3f, 0f};
        float[] x = Attack.fgsm(0.1).perturb(clean, null, p -> w.clone());
        assertArrayEquals(new float[] {0.6f, 0.4f, 1f, 0f, 0.3f}, x, 1e-7f);
    }

    @Test
    void ifgsmOnALinearLossWalksToTheSameCornerAsFgsm() {
        float[] clean = {0.2f, 0.7f, 0.95f};
        float[] w = {1f, -1f, 1f};
        float[] fgsm = Attack.fgsm(0.08).perturb(clean, null, p -> w.clone());
        float[] ifgsm = Attack.ifgsm(0.08, 0.02, 6).perturb(clean, null, p -> w.clone());
        assertArrayEquals(fgsm, ifgsm, 1e-7f);
        float[] halfway = Attack.ifgsm(0.08, 0.02, 2).perturb(clean, null, p -> w.clone());
        assertArrayEquals(new float[] {0.24f, 0.66f, 0.99f}, halfway, 1e-6f);
    }

    @Test
    void pgdStartsAtASeededUniformPointOfTheBall() {
        float[] clean = new float[2 * 4000];
        Arrays.fill(clean, 0.5f);
        LossGradient flat = p -> new float[p.length]; // sign(0) = 0: the steps do not move, the start remains
        Attack pgd = Attack.pgd(0.1, 0.01, 3);
        float[] a = pgd.perturb(clean, new long[] {1, 2}, flat);
        assertArrayEquals(a, pgd.perturb(clean, new long[] {1, 2}, flat), 0f);
        float[] swapped = pgd.perturb(clean, new long[] {2, 1}, flat);
        assertArrayEquals(Arrays.copyOfRange(a, 0, 4000), Arrays.copyOfRange(swapped, 4000, 8000), 0f);
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 0, 4000), Arrays.copyOfRange(a, 4000, 8000)));
        double mean = 0;
        double meanSquare = 0;
        for (float v : a) {
            mean += (v - 0.5) / a.length;
            meanSquare += (v - 0.5) * (v - 0.5) / a.length;
        }
        assertEquals(0, mean, 0.003);
        assertEquals(0.01 / 3, meanSquare, 0.0002); // variance of U(-eps, eps) is eps^2 / 3
    }

    @Test
    void aZeroGradientLeavesIfgsmWhereItStarted() {
        float[] clean = {0f, 0.4f, 1f};
        assertArrayEquals(clean, Attack.ifgsm(0.1, 0.05, 5).perturb(clean, null, p -> new float[p.length]), 0f);
    }

    @Test
    void rejectsBadSettingsAndMissingSeeds() {
        assertThrows(IllegalArgumentException.class, () -> Attack.ifgsm(-0.1, 0.01, 3));
        assertThrows(IllegalArgumentException.class, () -> Attack.fgsm(0));
        assertThrows(IllegalArgumentException.class, () -> Attack.ifgsm(0.1, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> Attack.pgd(0.1, 0.01, 0));
        assertThrows(IllegalArgumentException.class, () -> Attack.pgd(Double.NaN, 0.01, 1));
        assertThrows(IllegalArgumentException.class, () -> new Attack(Attack.Kind.FGSM, 0.1f, 0.05f, 1));
        assertThrows(IllegalArgumentException.class, () -> Attack.Kind.parse("cw"));
        assertEquals(Attack.Kind.PGD, Attack.Kind.parse(" PGD "));
        assertThrows(IllegalArgumentException.class, () -> Attack.pgd(0.1, 0.01, 1).perturb(new float[4], null, p -> p));
    }

    private static LossGradient randomLoss(Random rng, int size) {
        float[][] a = new float[size][size];
        float[] b = new float[size];
        float[] t = new float[size];
        for (int i = 0; i < size; i++) {
            b[i] = (float) rng.nextGaussian();
            t[i] = rng.nextFloat();
            for (int j = 0; j < size; j++) a[i][j] = (float) rng.nextGaussian() / size;
        }
        return x -> {
            float[] g = new float[size];
            for (int i = 0; i < size; i++) {
                float s = b[i] * (x[i] - t[i]);
                for (int j = 0; j < size; j++) s += a[i][j] * x[j];
                g[i] = s;
            }
            return g;
        };
    }
}
