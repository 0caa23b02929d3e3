package lowbit.data.read;

import java.io.Serializable;

/** Maps uint8 pixels to network inputs: x / 255, then optionally (x - mean_c) / std_c per channel. */
public record Normalization(double[] mean, double[] std) implements Serializable {
    /** [0, 1] inputs. */
    public static final Normalization UNIT = new Normalization(null, null);

    public static Normalization meanStd(double[] mean, double[] std) {
        for (double s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("normalization std must be positive, got " + s);
            }
        }
        return new Normalization(mean.clone(), std.clone());
    }

    public float apply(int pixel, int channel) {
        double x = pixel / 255.0;
        return mean == null ? (float) x : (float) ((x - mean[channel]) / std[channel]);
    }
}
