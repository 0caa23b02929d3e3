package lowbit.data.shard;

import java.io.Serializable;

/** Per-channel running sums of pixel values, mergeable across Spark partitions. */
public final class PixelMoments implements Serializable {
    private final long[] count;
    private final double[] sum;
    private final double[] sumSquares;

    public PixelMoments(int channels) {
        count = new long[channels];
        sum = new double[channels];
        sumSquares = new double[channels];
    }

    public int channels() {
        return count.length;
    }

    public PixelMoments add(int channels, byte[] chw) {
        if (channels != count.length) {
            return this;
        }
        int plane = chw.length / channels;
        for (int c = 0; c < channels; c++) {
            long s = 0;
            long sq = 0;
            for (int i = c * plane, end = i + plane; i < end; i++) {
                int v = chw[i] & 0xff;
                s += v;
                sq += (long) v * v;
            }
            count[c] += plane;
            sum[c] += s;
            sumSquares[c] += sq;
        }
        return this;
    }

    public PixelMoments merge(PixelMoments other) {
        for (int c = 0; c < count.length; c++) {
            count[c] += other.count[c];
            sum[c] += other.sum[c];
            sumSquares[c] += other.sumSquares[c];
        }
        return this;
    }

    /** Mean and standard deviation per channel in [0, 1] units; null when no pixel was seen. */
    public Manifest.ChannelStats stats() {
        int channels = count.length;
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            if (count[c] == 0) {
                return null;
            }
            double m = sum[c] / count[c];
            mean[c] = m / 255.0;
            std[c] = Math.sqrt(Math.max(0, sumSquares[c] / count[c] - m * m)) / 255.0;
        }
        return new Manifest.ChannelStats(mean, std);
    }
}
