package lowbit.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import lowbit.data.read.Batch;
import lowbit.data.read.Normalization;
import lowbit.data.read.EpochBatches;
import lowbit.data.read.ReadOptions;
import lowbit.engine.ActivationQuantizer;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;

/** An evaluation set held in memory: NCHW images and their class indices. */
public record LabeledImages(Tensor images, int[] labels) {

    private static final int BATCH = 500;

    public LabeledImages {
        if (images.dim(0) != labels.length) {
            throw new IllegalArgumentException(images.dim(0) + " images but " + labels.length + " labels");
        }
    }

    public int size() {
        return labels.length;
    }

    /** Up to {@code limit} examples (all if limit <= 0) of a split of a sharded dataset, in file order. */
    public static LabeledImages fromShards(String datasetDir, String split, int limit, Normalization normalization) {
        Iterator<Batch> it = EpochBatches.ofSplit(datasetDir, split, ReadOptions.evaluation(256, normalization), 0);
        List<float[]> pixels = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int[] shape = null;
        while (it.hasNext() && (limit <= 0 || labels.size() < limit)) {
            Batch b = it.next();
            shape = b.features().shape();
            float[] f = b.features().data();
            int perImage = f.length / shape[0];
            int[] y = b.labels();
            for (int i = 0; i < y.length && (limit <= 0 || labels.size() < limit); i++) {
                pixels.add(Arrays.copyOfRange(f, i * perImage, (i + 1) * perImage));
                labels.add(y[i]);
            }
        }
        if (shape == null) throw new IllegalArgumentException("split " + split + " of " + datasetDir + " is empty");
        int perImage = pixels.get(0).length;
        float[] all = new float[pixels.size() * perImage];
        for (int i = 0; i < pixels.size(); i++) System.arraycopy(pixels.get(i), 0, all, i * perImage, perImage);
        shape[0] = pixels.size();
        return new LabeledImages(Tensor.of(all, shape), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Images [from, to) as one batch. */
    public Tensor batch(int from, int to) {
        int[] shape = images.shape();
        int perImage = images.data().length / shape[0];
        shape[0] = to - from;
        return Tensor.of(Arrays.copyOfRange(images.data(), from * perImage, to * perImage), shape);
    }

    /** Consecutive batches of at most {@code size} examples, in order. */
    public List<Batch> batches(int size) {
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < size(); from += size) {
            int to = Math.min(size(), from + size);
            out.add(new Batch(batch(from, to), Arrays.copyOfRange(labels, from, to)));
        }
        return out;
    }

    /** Top-1 accuracy in [0, 1], evaluated in batches. */
    public double accuracy(TrainableModel model) {
        return accuracy(model, ActivationQuantizer.NONE);
    }

    /** As {@link #accuracy(TrainableModel)} with the activations {@code q} names fake-quantized. */
    public double accuracy(TrainableModel model, ActivationQuantizer q) {
        int correct = 0;
        for (int from = 0; from < size(); from += BATCH) {
            int to = Math.min(size(), from + BATCH);
            int[] predicted = Predictions.argmax(model.forward(batch(from, to), q));
            for (int i = 0; i < predicted.length; i++) {
                if (predicted[i] == labels[from + i]) correct++;
            }
        }
        return (double) correct / size();
    }
}
