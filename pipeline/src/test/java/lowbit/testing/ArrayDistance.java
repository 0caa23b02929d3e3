package lowbit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How far apart two results are, for tests that compare runs (Spark vs local, engine vs engine). */
public final class ArrayDistance {
    private ArrayDistance() {
    }

    /** max |a - b| / max |b|. */
    public static double relativeError(float[] a, float[] b) {
        assertEquals(b.length, a.length);
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs((double) a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff / scale;
    }
}
