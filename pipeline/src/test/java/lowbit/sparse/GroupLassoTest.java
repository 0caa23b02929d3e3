package lowbit.sparse;

import lowbit.tensor.ChannelLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Tag("unit")
class GroupLassoTest {
    // input-channel slices of a conv weight [3 out, 4 in, 2, 2]
    private static final ChannelLayout GROUPS = ChannelLayout.convInputChannels(new int[] {3, 4, 2, 2});

    @Test
    void gradientMatchesCentralDifferences() {
        Random rng = new Random(3);
        float[] w = new float[GROUPS.length()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextGaussian();
        }
        GroupLasso lasso = new GroupLasso(0.7, GROUPS);
        float[] g = lasso.gradient(w);
        for (int i = 0; i < w.length; i++) {
            float[] up = w.clone();
            float[] down = w.clone();
            up[i] += 1e-2f;
            down[i] -= 1e-2f;
            double numeric = (lasso.value(up) - lasso.value(down)) / ((double) up[i] - down[i]);
            assertEquals(numeric, g[i], 1e-3 * Math.abs(numeric) + 1e-5, "index " + i);
        }
    }

    @Test
    void valueIsLambdaTimesTheSumOfGroupNorms() {
        // conv [1 out, 2 in, 1, 2]: groups {3, 4} (norm 5) and {0, 0}
        float[] w = {3f, 4f, 0f, 0f};
        GroupLasso lasso = new GroupLasso(0.5, ChannelLayout.convInputChannels(new int[] {1, 2, 1, 2}));
        assertEquals(2.5, lasso.value(w), 1e-12);
        // w_g / ||w_g|| times lambda; the all-zero group takes the subgradient 0
        assertArrayEquals(new float[] {0.3f, 0.4f, 0f, 0f}, lasso.gradient(w), 1e-7f);
    }

    @Test
    void rejectsNegativeOrNonFiniteLambda() {
        assertThrows(IllegalArgumentException.class, () -> new GroupLasso(-1e-5, GROUPS));
        assertThrows(IllegalArgumentException.class, () -> new GroupLasso(Double.NaN, GROUPS));
    }
}
