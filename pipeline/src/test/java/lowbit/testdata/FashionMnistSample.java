package lowbit.testdata;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import lowbit.tensor.Tensor;

/** Test-only reader of the first n examples of the Fashion-MNIST training or test set (IDX gz files). */
public record FashionMnistSample(Tensor images, int[] labels) {

    public static FashionMnistSample firstTrain(int n) throws IOException {
        return first("train", n);
    }

    /** The first n images of the official 10,000-image test set (t10k). */
    public static FashionMnistSample firstTest(int n) throws IOException {
        return first("t10k", n);
    }

    private static FashionMnistSample first(String prefix, int n) throws IOException {
        Path dir = Path.of(System.getProperty("lowbit.shared.data", "../../shared/data"), "fashion-mnist");
        float[] pixels = new float[n * 28 * 28];
        try (DataInputStream in = open(dir.resolve(prefix + "-images-idx3-ubyte.gz"), 2051, n)) {
            if (in.readInt() != 28 || in.readInt() != 28) throw new IOException("expected 28x28 images");
            byte[] raw = in.readNBytes(pixels.length);
            for (int i = 0; i < raw.length; i++) pixels[i] = (raw[i] & 0xff) / 255f;
        }
        int[] labels = new int[n];
        try (DataInputStream in = open(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), 2049, n)) {
            byte[] raw = in.readNBytes(n);
            for (int i = 0; i < n; i++) labels[i] = raw[i];
        }
        return new FashionMnistSample(Tensor.of(pixels, n, 1, 28, 28), labels);
    }

    private static DataInputStream open(Path file, int magic, int n) throws IOException {
        InputStream raw = new GZIPInputStream(Files.newInputStream(file));
        DataInputStream in = new DataInputStream(raw);
        if (in.readInt() != magic) throw new IOException(file + ": bad magic");
        if (in.readInt() < n) throw new IOException(file + ": fewer than " + n + " examples");
        return in;
    }
}
