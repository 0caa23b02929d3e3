package lowbit.testdata;

import lowbit.engine.ModelFiles;
import lowbit.engine.dl4j.Dl4jNetworks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import lowbit.tensor.Tensor;
import lowbit.engine.dl4j.Dl4jModel;
import lowbit.eval.LabeledImages;
import lowbit.model.LeNet;

/**
 * One LeNet per test JVM, trained briefly on real Fashion-MNIST (SGD with momentum 0.9, lr 0.01, batch 32,
 * one pass over the first 6,400 training images), plus the first 1,000 official test images to evaluate it.
 * Callers must not change its parameters: quantize copies.
 */
public final class TrainedLeNet {
    public static final int TRAIN = 6_400;
    public static final int TEST = 1_000;
    private static final int BATCH = 32;

    private static Dl4jModel model;
    private static LabeledImages test;

    private TrainedLeNet() {
    }

    public static synchronized Dl4jModel model() {
        if (model == null) {
            model = cachedOrTrained();
        }
        return model;
    }

    /** Trains once per build tree: the model is kept in target/ between test runs. */
    private static Dl4jModel cachedOrTrained() {
        Path cache = Path.of("target", "test-cache", "trained-lenet-" + TRAIN + "-" + BATCH + ".zip");
        try {
            if (Files.isRegularFile(cache)) {
                return (Dl4jModel) ModelFiles.read(cache, "dl4j", 0).model();
            }
            Dl4jModel trained = train();
            Files.createDirectories(cache.getParent());
            Path partial = cache.resolveSibling(cache.getFileName() + ".partial");
            ModelFiles.save(trained, partial);
            Files.move(partial, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return trained;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized LabeledImages testImages() {
        if (test == null) {
            try {
                FashionMnistSample t = FashionMnistSample.firstTest(TEST);
                test = new LabeledImages(t.images(), t.labels());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return test;
    }

    private static Dl4jModel train() {
        long t0 = System.nanoTime();
        try {
            return trainOnce();
        } finally {
            System.out.printf("TrainedLeNet: trained in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
    }

    private static Dl4jModel trainOnce() {
        FashionMnistSample data;
        try {
            data = FashionMnistSample.firstTrain(TRAIN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LabeledImages all = new LabeledImages(data.images(), data.labels());
        Dl4jModel m = Dl4jNetworks.build(LeNet.mnist(42));
        float[] w = m.parameters();
        float[] velocity = new float[w.length];
        for (int from = 0; from + BATCH <= TRAIN; from += BATCH) {
            Tensor x = all.batch(from, from + BATCH);
            int[] y = java.util.Arrays.copyOfRange(data.labels(), from, from + BATCH);
            m.forwardBackward(x, y);
            float[] g = m.gradients();
            for (int i = 0; i < w.length; i++) {
                velocity[i] = 0.9f * velocity[i] + g[i];
                w[i] -= 0.01f * velocity[i];
            }
            m.setParameters(w);
        }
        return m;
    }
}
