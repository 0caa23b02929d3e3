package lowbit.testdata;

import java.util.Random;

import lowbit.tensor.Tensor;

/** Test-only seeded batch of Gaussian NCHW features and uniform class labels. */
public record RandomBatch(Tensor features, int[] labels) {

    public static RandomBatch of(long seed, int n, int channels, int height, int width, int classes) {
        Random rng = new Random(seed);
        float[] x = new float[n * channels * height * width];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = rng.nextInt(classes);
        return new RandomBatch(Tensor.of(x, n, channels, height, width), y);
    }
}
