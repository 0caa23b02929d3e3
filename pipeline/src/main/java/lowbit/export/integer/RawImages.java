package lowbit.export.integer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import lowbit.LowbitException;
import lowbit.data.read.ImageExample;
import lowbit.data.read.Normalization;
import lowbit.data.read.ShardFiles;
import lowbit.tensor.Tensor;
import lowbit.model.graph.Shape;

/** Images as lowbit's shards store them (uint8, channel-major) with their labels: what the integer program reads. */
public record RawImages(Shape shape, List<byte[]> pixels, int[] labels) {

    public RawImages {
        pixels = List.copyOf(pixels);
        if (pixels.size() != labels.length) throw new IllegalArgumentException(pixels.size() + " images, " + labels.length + " labels");
        for (byte[] p : pixels) {
            if (p.length != shape.size()) throw new IllegalArgumentException("an image of " + shape + " has " + shape.size() + " bytes, got " + p.length);
        }
    }

    public int size() {
        return labels.length;
    }

    /**
     * The first {@code limit} images (all when limit <= 0) of a split of a sharded dataset, in file order (the order
     * {@link lowbit.eval.LabeledImages#fromShards} reads).
     *
     * @throws LowbitException naming the record when an image is not of {@code shape}
     */
    public static RawImages fromShards(String datasetDir, String split, int limit, Shape shape) {
        List<byte[]> pixels = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        Iterator<ImageExample> it = ShardFiles.read(ShardFiles.of(datasetDir, split));
        while (it.hasNext() && (limit <= 0 || pixels.size() < limit)) {
            ImageExample e = it.next();
            if (e.channels() != shape.channels() || e.height() != shape.height() || e.width() != shape.width()) {
                throw new LowbitException(datasetDir + ": record " + e.id() + " of split " + split + " is " + e.channels() + "x"
                        + e.height() + "x" + e.width() + ", the model takes " + shape.channels() + "x" + shape.height() + "x" + shape.width());
            }
            pixels.add(e.pixels());
            labels.add(e.label());
        }
        if (pixels.isEmpty()) throw new LowbitException("split " + split + " of " + datasetDir + " has no images");
        return new RawImages(shape, pixels, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Images [from, to) as a float batch, each pixel through {@code normalization}, as training reads them. */
    public Tensor floats(int from, int to, Normalization normalization) {
        int n = shape.size();
        int plane = shape.height() * shape.width();
        float[] data = new float[(to - from) * n];
        for (int i = from; i < to; i++) {
            byte[] p = pixels.get(i);
            for (int j = 0; j < n; j++) data[(i - from) * n + j] = normalization.apply(p[j] & 0xff, j / plane);
        }
        return Tensor.of(data, to - from, shape.channels(), shape.height(), shape.width());
    }

    /** The images as one raw file: image after image, each C x H x W bytes (what main.c reads). */
    public byte[] concatenated() {
        byte[] all = new byte[size() * shape.size()];
        for (int i = 0; i < size(); i++) System.arraycopy(pixels.get(i), 0, all, i * shape.size(), shape.size());
        return all;
    }
}
