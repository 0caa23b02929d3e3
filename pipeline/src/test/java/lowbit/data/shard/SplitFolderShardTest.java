package lowbit.data.shard;

import lowbit.LowbitException;
import lowbit.data.read.ImageExample;
import lowbit.data.read.ShardFiles;
import lowbit.testing.CifarJpegTrees;
import lowbit.testing.Shard;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The folders source on a root of split folders: {@code <root>/{train,val,test}/<class>/*}. */
@Tag("spark")
@Tag("data")
class SplitFolderShardTest {
    @TempDir
    Path tmp;

    /** train/ holds airplane, cat, dog (4 each); test/ holds airplane and cat (3 each, other images). */
    private Path splitTree() throws IOException {
        Path root = tmp.resolve("cifar");
        CifarJpegTrees.copy(root, "train", List.of("airplane", "cat", "dog"), 0, 4);
        CifarJpegTrees.copy(root, "test", List.of("airplane", "cat"), 100, 3);
        return root;
    }

    @Test
    void splitFoldersAreTheSourcesOwnSplitsWithTheUnionOfTheirClasses() throws IOException {
        Path root = splitTree();
        Manifest manifest = Shard.run("folders", root, tmp.resolve("out"), "shards=2");

        assertEquals(List.of("airplane", "cat", "dog"), manifest.classes(), "union of the splits' classes, sorted");
        assertEquals(Set.of("train", "test"), manifest.splits().keySet());
        assertEquals(12, manifest.splits().get("train").records());
        assertEquals(6, manifest.splits().get("test").records());
        assertEquals(0L, manifest.splits().get("test").perClass().get("dog"));

        Map<String, ImageExample> test = read(tmp.resolve("out"), "test");
        assertEquals(new TreeSet<>(List.of("test/airplane/0100.jpg", "test/airplane/0101.jpg", "test/airplane/0102.jpg",
                "test/cat/0100.jpg", "test/cat/0101.jpg", "test/cat/0102.jpg")), new TreeSet<>(test.keySet()),
                "ids are the paths below the root");
        ImageExample cat = test.get("test/cat/0101.jpg");
        assertEquals(1, cat.label());
        BufferedImage decoded = ImageIO.read(root.resolve(cat.id()).toFile());
        for (int i = 0; i < 32 * 32; i += 37) {
            int rgb = decoded.getRGB(i % 32, i / 32);
            assertEquals((rgb >> 16) & 0xff, cat.pixels()[i] & 0xff);
            assertEquals(rgb & 0xff, cat.pixels()[2048 + i] & 0xff);
        }
    }

    @Test
    void valFromTrainCarvesValidationOutOfTheTrainFolderOnly() throws IOException {
        Manifest manifest = Shard.run("folders", splitTree(), tmp.resolve("out"), "split.val-from-train=0.5");
        long train = manifest.splits().get("train").records();
        long val = manifest.splits().get("val").records();
        assertEquals(12, train + val);
        assertTrue(val > 0 && train > 0, "train " + train + ", val " + val);
        assertEquals(6, manifest.splits().get("test").records());
        read(tmp.resolve("out"), "val").keySet().forEach(id -> assertTrue(id.startsWith("train/"), id));
    }

    @Test
    void hashModeIgnoresTheSplitFolders() throws IOException {
        Manifest manifest = Shard.run("folders", splitTree(), tmp.resolve("out"), "split.mode=hash",
                "split.train=1", "split.val=0", "split.test=0");
        assertEquals(Set.of("train"), manifest.splits().keySet());
        assertEquals(18, manifest.splits().get("train").records());
    }

    @Test
    void configuredClassesChooseAndOrderTheLabels() throws IOException {
        Path root = splitTree();
        Manifest manifest = Shard.run("folders", root, tmp.resolve("out"), "classes=[dog, airplane]");
        assertEquals(List.of("dog", "airplane"), manifest.classes());
        assertEquals(8, manifest.splits().get("train").records());
        assertEquals(3, manifest.splits().get("test").records());

        LowbitException e = assertThrows(LowbitException.class,
                () -> Shard.run("folders", root, tmp.resolve("out2"), "classes=[cat, horse]"));
        assertTrue(e.getMessage().contains("class folder missing: horse in none of [train/, test/]"), e.getMessage());
    }

    @Test
    void splitNamedFoldersWithImagesAreClassesOfAFlatLayout() throws IOException {
        Path root = tmp.resolve("flat");
        CifarJpegTrees.copy(root, "", List.of("cat", "dog"), 0, 3);
        Files.createDirectories(root.resolve("test"));
        Files.copy(CifarJpegTrees.jpegs("ship", 0, 1).get(0), root.resolve("test/ship.jpg"));
        Manifest manifest = Shard.run("folders", root, tmp.resolve("out"), "split.mode=hash", "split.train=1",
                "split.val=0", "split.test=0");
        assertEquals(List.of("cat", "dog", "test"), manifest.classes());
        assertEquals(7, manifest.records());
    }

    @Test
    void aRootMixingSplitAndOtherFoldersIsAnErrorNamingThem() throws IOException {
        Path root = splitTree();
        CifarJpegTrees.copy(root, "", List.of("ship"), 0, 2);
        LowbitException e = assertThrows(LowbitException.class, () -> Shard.run("folders", root, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("mixes split folders [test, train] with other folders [ship]"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void anEmptyClassFolderInASplitIsAnErrorNamingIt() throws IOException {
        Path root = splitTree();
        Files.createDirectories(root.resolve("test/dog"));
        LowbitException e = assertThrows(LowbitException.class, () -> Shard.run("folders", root, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("test/dog has no images"), e.getMessage());
    }

    static Map<String, ImageExample> read(Path dataset, String split) {
        Map<String, ImageExample> byId = new HashMap<>();
        ShardFiles.read(ShardFiles.of(dataset.toString(), split)).forEachRemaining(e -> byId.put(e.id(), e));
        return byId;
    }
}
