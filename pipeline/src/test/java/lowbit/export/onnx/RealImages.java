package lowbit.export.onnx;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import lowbit.data.image.ImageDecoder;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.eval.LabeledImages;
import lowbit.testing.CifarJpegBatch;
import lowbit.testing.CifarJpegTrees;
import lowbit.testing.SharedData;

/** Real CIFAR-10 and Visual Wake Words images (../shared/data) as RGB pixels in [0, 1], and a few SGD steps on them. */
final class RealImages {
    static final List<String> VWW_CLASSES = List.of("non_person", "person");

    private RealImages() {
    }

    /** CIFAR-10 test JPEGs {@code first .. first + perClass - 1} of every class, interleaved class by class. */
    static LabeledImages cifar(int first, int perClass) throws IOException {
        List<List<Path>> files = new ArrayList<>();
        for (String c : CifarJpegBatch.CLASSES) files.add(CifarJpegTrees.jpegs(c, first, perClass));
        return interleaved(files, 32);
    }

    /** VWW 96x96 PNGs {@code first .. first + perClass - 1} of each class (non_person 0, person 1), interleaved. */
    static LabeledImages vww(int first, int perClass) throws IOException {
        List<List<Path>> files = new ArrayList<>();
        for (String c : VWW_CLASSES) {
            try (var list = Files.list(SharedData.path("vww96/" + c))) {
                files.add(list.sorted().skip(first).limit(perClass).toList());
            }
        }
        return interleaved(files, 96);
    }

    private static LabeledImages interleaved(List<List<Path>> byClass, int size) throws IOException {
        int perClass = byClass.get(0).size();
        int n = perClass * byClass.size();
        int plane = size * size;
        float[] data = new float[n * 3 * plane];
        int[] labels = new int[n];
        int i = 0;
        for (int k = 0; k < perClass; k++) {
            for (int c = 0; c < byClass.size(); c++) {
                BufferedImage image = ImageDecoder.decode(Files.readAllBytes(byClass.get(c).get(k)));
                if (image.getWidth() != size || image.getHeight() != size) throw new IllegalStateException(byClass.get(c).get(k) + " is not " + size);
                int base = i * 3 * plane;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int rgb = image.getRGB(x, y);
                        data[base + y * size + x] = ((rgb >> 16) & 0xff) / 255f;
                        data[base + plane + y * size + x] = ((rgb >> 8) & 0xff) / 255f;
                        data[base + 2 * plane + y * size + x] = (rgb & 0xff) / 255f;
                    }
                }
                labels[i++] = c;
            }
        }
        return new LabeledImages(Tensor.of(data, n, 3, size, size), labels);
    }

    /** One pass of SGD with momentum 0.9 over the images in batches (training mode: batch-norm statistics move too). */
    static void train(TrainableModel model, LabeledImages images, int batch, float lr) {
        float[] w = model.parameters();
        float[] velocity = new float[w.length];
        for (int from = 0; from + batch <= images.size(); from += batch) {
            int[] y = java.util.Arrays.copyOfRange(images.labels(), from, from + batch);
            model.forwardBackward(images.batch(from, from + batch), y);
            float[] g = model.gradients();
            for (int i = 0; i < w.length; i++) {
                velocity[i] = 0.9f * velocity[i] + g[i];
                w[i] -= lr * velocity[i];
            }
            model.setParameters(w);
        }
    }
}
