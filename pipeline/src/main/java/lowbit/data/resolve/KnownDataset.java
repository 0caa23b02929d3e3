package lowbit.data.resolve;

import java.util.List;
import java.util.Map;

/**
 * A public dataset lowbit can find on its own: its files, the SHA-256 of each file's uncompressed
 * content (so Debian's recompressed .gz files and the official downloads both verify), and the folder
 * Debian's package installs it to.
 */
public record KnownDataset(String name, List<String> files, Map<String, String> contentSha256, String debianFolder) {

    public static final KnownDataset FASHION_MNIST = new KnownDataset("fashion-mnist",
            List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
            Map.of("train-images-idx3-ubyte.gz", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                    "train-labels-idx1-ubyte.gz", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
                    "t10k-images-idx3-ubyte.gz", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
                    "t10k-labels-idx1-ubyte.gz", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
            "/usr/share/datasets/fashion-mnist");

    public static KnownDataset named(String name) {
        if (name.equals(FASHION_MNIST.name())) {
            return FASHION_MNIST;
        }
        throw new IllegalArgumentException("no known dataset named '" + name + "' (known: fashion-mnist)");
    }
}
