package lowbit.quant;

/** Signal-to-quantization-noise ratio, 10 log10(sum x^2 / sum (x - x^)^2) in dB. */
public final class Sqnr {
    private Sqnr() {
    }

    /** +Infinity when the reconstruction is exact, -Infinity for a zero signal with nonzero error. */
    public static double decibels(float[] signal, float[] reconstruction) {
        if (signal.length != reconstruction.length) {
            throw new IllegalArgumentException("signal has " + signal.length + " values, reconstruction "
                    + reconstruction.length);
        }
        double power = 0;
        double noise = 0;
        for (int i = 0; i < signal.length; i++) {
            double x = signal[i];
            double e = x - reconstruction[i];
            power += x * x;
            noise += e * e;
        }
        if (noise == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return 10 * Math.log10(power / noise);
    }
}
