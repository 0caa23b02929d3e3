package lowbit.data.read;

import lowbit.LowbitException;
import lowbit.tensor.Tensor;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Builds NCHW float minibatches with class indices from image examples (normalized, augmented). */
public final class BatchAssembler implements Serializable {
    private final int numClasses;
    private final Normalization normalization;
    private final Augmentation augmentation;

    public BatchAssembler(int numClasses, Normalization normalization, Augmentation augmentation) {
        this.numClasses = numClasses;
        this.normalization = normalization;
        this.augmentation = augmentation;
    }

    /** @param random drives augmentation; unused when there is none */
    public Batch toBatch(List<ImageExample> batch, Random random) {
        ImageExample first = batch.get(0);
        int c = first.channels();
        int h = first.height();
        int w = first.width();
        int size = c * h * w;
        float[] features = new float[batch.size() * size];
        int[] labels = new int[batch.size()];
        float[] scratch = augmentation.isNone() ? null : new float[size];
        for (int n = 0; n < batch.size(); n++) {
            ImageExample e = batch.get(n);
            if (e.channels() != c || e.height() != h || e.width() != w) {
                throw new LowbitException("record " + e.id() + " is " + e.channels() + "x" + e.height() + "x" + e.width()
                        + " but its batch is " + c + "x" + h + "x" + w + "; shard with --size to make sizes equal");
            }
            if (e.label() < 0 || e.label() >= numClasses) {
                throw new LowbitException("record " + e.id() + " has label " + e.label() + " outside 0.." + (numClasses - 1));
            }
            float[] target = scratch == null ? features : scratch;
            int offset = scratch == null ? n * size : 0;
            byte[] px = e.pixels();
            int plane = h * w;
            for (int i = 0; i < size; i++) {
                target[offset + i] = normalization.apply(px[i] & 0xff, i / plane);
            }
            if (scratch != null) {
                augmentation.apply(scratch, c, h, w, features, n * size, random);
            }
            labels[n] = e.label();
        }
        return new Batch(Tensor.of(features, batch.size(), c, h, w), labels);
    }
}
