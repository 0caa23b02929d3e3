package lowbit.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import lowbit.data.image.ImageDecoder;
import lowbit.tensor.Tensor;

/** A small batch of real CIFAR-10 test JPEGs (../shared/data/cifar10/test) as RGB pixels in [0, 1], NCHW. */
public record CifarJpegBatch(Tensor features, int[] labels) {

    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");

    /** {@code perClass} images of every class (the first by sorted file name), class by class; label = class index. */
    public static CifarJpegBatch first(int perClass) throws IOException {
        int n = perClass * CLASSES.size();
        float[] data = new float[n * 3 * 32 * 32];
        int[] labels = new int[n];
        int i = 0;
        for (int c = 0; c < CLASSES.size(); c++) {
            for (Path jpeg : CifarJpegTrees.jpegs(CLASSES.get(c), 0, perClass)) {
                BufferedImage image = ImageDecoder.decode(Files.readAllBytes(jpeg));
                if (image.getWidth() != 32 || image.getHeight() != 32) throw new IllegalStateException(jpeg + " is not 32x32");
                int base = i * 3 * 32 * 32;
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        int rgb = image.getRGB(x, y);
                        data[base + y * 32 + x] = ((rgb >> 16) & 0xff) / 255f;
                        data[base + 1024 + y * 32 + x] = ((rgb >> 8) & 0xff) / 255f;
                        data[base + 2048 + y * 32 + x] = (rgb & 0xff) / 255f;
                    }
                }
                labels[i++] = c;
            }
        }
        if (i != n) throw new IllegalStateException("found " + i + " of " + n + " CIFAR-10 JPEGs");
        return new CifarJpegBatch(Tensor.of(data, n, 3, 32, 32), labels);
    }
}
