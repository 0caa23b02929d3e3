package lowbit.robust;

/** Projection onto the L-infinity ball of radius eps around clean pixels, intersected with [0, 1]. */
public final class EpsBall {
    private EpsBall() {
    }

    /** Clamps {@code x} in place to [max(0, c - eps), min(1, c + eps)] elementwise; {@code clean} must lie in [0, 1]. */
    public static void project(float[] x, float[] clean, float eps) {
        if (x.length != clean.length) {
            throw new IllegalArgumentException(x.length + " values for " + clean.length + " clean pixels");
        }
        for (int i = 0; i < x.length; i++) {
            float lo = Math.max(0f, clean[i] - eps);
            float hi = Math.min(1f, clean[i] + eps);
            x[i] = Math.min(Math.max(x[i], lo), hi);
        }
    }
}
