package lowbit.data.inspect;

import lowbit.LowbitException;
import lowbit.data.image.Pixels;
import lowbit.data.image.PixelImages;
import lowbit.data.read.ImageExample;
import lowbit.data.read.ShardFiles;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The first records of a split, to print or to save as PNG files for a look. */
public final class SampleImages {
    private SampleImages() {
    }

    public static List<ImageExample> first(String datasetDir, String split, int count) {
        List<ImageExample> examples = new ArrayList<>();
        Iterator<ImageExample> it = ShardFiles.read(ShardFiles.of(datasetDir, split));
        while (examples.size() < count && it.hasNext()) {
            examples.add(it.next());
        }
        return examples;
    }

    /** Writes each example as {@code <split>-<n>-<label>.png}; returns the files written. */
    public static List<Path> writePngs(List<ImageExample> examples, String split, List<String> classes, Path dir) {
        try {
            Files.createDirectories(dir);
            List<Path> written = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                ImageExample e = examples.get(i);
                Path file = dir.resolve(String.format("%s-%03d-%s.png", split, i,
                        classes.get(e.label()).replaceAll("[^A-Za-z0-9_-]+", "_")));
                ImageIO.write(PixelImages.toImage(new Pixels(e.channels(), e.height(), e.width(), e.pixels())), "png", file.toFile());
                written.add(file);
            }
            return written;
        } catch (IOException e) {
            throw new LowbitException("cannot write PNG files to " + dir + ": " + e.getMessage(), e);
        }
    }
}
