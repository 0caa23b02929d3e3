package lowbit.data.shard;

import lowbit.LowbitException;
import lowbit.data.read.ImageExample;
import lowbit.data.read.ShardFiles;
import lowbit.testing.Shard;
import lowbit.testing.SharedData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("spark")
@Tag("data")
class FolderShardTest {
    @TempDir
    Path tmp;

    @Test
    void cifarJpegFoldersSplitByHashWithExactPixels() throws IOException {
        Path input = SharedData.path("cifar10/test");
        Manifest manifest = Shard.run("folders", input, tmp.resolve("cifar"), "shards=2", "seed=3");

        assertEquals(10_000, manifest.records());
        assertEquals(List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
                manifest.classes());
        assertEquals(new Manifest.Shape(3, 32, 32), manifest.shape());
        long train = manifest.splits().get("train").records();
        assertTrue(Math.abs(train - 8_000) < 200, "about 80 % train: " + train);
        for (String cls : manifest.classes()) {
            long total = manifest.splits().values().stream().mapToLong(s -> s.perClass().get(cls)).sum();
            assertEquals(1_000, total, cls);
        }

        Map<String, ImageExample> val = new HashMap<>();
        ShardFiles.read(ShardFiles.of(tmp.resolve("cifar").toString(), "val")).forEachRemaining(e -> val.put(e.id(), e));
        ImageExample e = val.values().iterator().next();
        BufferedImage decoded = ImageIO.read(input.resolve(e.id()).toFile());
        for (int y = 0; y < 32; y += 7) {
            for (int x = 0; x < 32; x += 5) {
                int rgb = decoded.getRGB(x, y);
                assertEquals((rgb >> 16) & 0xff, e.pixels()[y * 32 + x] & 0xff);
                assertEquals((rgb >> 8) & 0xff, e.pixels()[1024 + y * 32 + x] & 0xff);
                assertEquals(rgb & 0xff, e.pixels()[2048 + y * 32 + x] & 0xff);
            }
        }

        Manifest again = Shard.run("folders", input, tmp.resolve("cifar2"), "shards=5", "seed=3");
        assertEquals(manifest.splits(), again.splits(), "the split depends on ids and seed, not on sharding");
    }

    @Test
    void visualWakeWordsBecome96x96Grayscale() {
        Manifest manifest = Shard.run("folders", SharedData.path("vww96"), tmp.resolve("vww"), "grayscale=true",
                "size=96x96");
        assertEquals(1_000, manifest.records());
        assertEquals(List.of("non_person", "person"), manifest.classes());
        assertEquals(new Manifest.Shape(1, 96, 96), manifest.shape());
        assertEquals(1, manifest.trainStats().mean().length);
    }

    @Test
    void fullSizeImageNetIsResizedAndCenterCropped() {
        Manifest manifest = Shard.run("folders", SharedData.path("imagenet-sample/train"), tmp.resolve("inet"),
                "size=64x48", "split.mode=hash", "split.train=1", "split.val=0", "split.test=0");
        assertEquals(100, manifest.records());
        assertEquals(0, manifest.quarantine().records());
        assertEquals(new Manifest.Shape(3, 64, 48), manifest.shape());
        assertEquals("tench", manifest.classes().get(0), "names from synsets.txt beside the class folders");
    }

    @Test
    void damagedImagesAreQuarantinedAndDisguisedPngsDecode() throws IOException {
        Path root = tmp.resolve("folders");
        List<Path> sources = new ArrayList<>();
        try (var files = Files.list(SharedData.path("vww96/person"))) {
            files.sorted().limit(60).forEach(sources::add);
        }
        Files.createDirectories(root.resolve("a"));
        Files.createDirectories(root.resolve("b"));
        for (int i = 0; i < sources.size(); i++) {
            Files.copy(sources.get(i), root.resolve(i % 2 == 0 ? "a" : "b").resolve("img" + i + ".png"));
        }
        Files.copy(sources.get(0), root.resolve("a/png-named.JPEG"));
        Files.write(root.resolve("a/empty.jpg"), new byte[0]);
        Files.writeString(root.resolve("b/garbage.jpg"), "this is not an image");
        Files.writeString(root.resolve("b/readme.txt"), "ignored: not an image extension");

        Manifest manifest = Shard.run("folders", root, tmp.resolve("out"), "max-quarantine-fraction=0.1");
        assertEquals(61, manifest.records(), "60 PNGs and the PNG named .JPEG");
        assertEquals(2, manifest.quarantine().records());
        assertEquals(List.of("empty file (0 bytes)", "not a JPEG, PNG or BMP image (no decoder recognises its 20 bytes)"),
                new ArrayList<>(manifest.quarantine().reasons().keySet()));
    }

    @Test
    void emptyClassFolderIsAnErrorNamingIt() throws IOException {
        Path root = tmp.resolve("folders");
        Files.createDirectories(root.resolve("empty_class"));
        Files.createDirectories(root.resolve("full"));
        Files.copy(SharedData.path("tflm/person.bmp"), root.resolve("full/person.bmp"));
        LowbitException e = assertThrows(LowbitException.class, () -> Shard.run("folders", root, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("empty_class has no images"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void grayscaleBmpsKeepTheirGrayLevels() throws IOException {
        Path root = tmp.resolve("tflm");
        Files.createDirectories(root.resolve("person"));
        Files.createDirectories(root.resolve("no_person"));
        Files.copy(SharedData.path("tflm/person.bmp"), root.resolve("person/person.bmp"));
        Files.copy(SharedData.path("tflm/no_person.bmp"), root.resolve("no_person/no_person.bmp"));
        Shard.run("folders", root, tmp.resolve("out"), "grayscale=true", "split.mode=hash", "split.train=1",
                "split.val=0", "split.test=0");
        BufferedImage bmp = ImageIO.read(SharedData.path("tflm/person.bmp").toFile());
        byte[] raster = ((java.awt.image.DataBufferByte) bmp.getRaster().getDataBuffer()).getData();
        ImageExample person = null;
        for (var it = ShardFiles.read(ShardFiles.of(tmp.resolve("out").toString(), "train")); it.hasNext(); ) {
            ImageExample e = it.next();
            if (e.id().equals("person/person.bmp")) {
                person = e;
            }
        }
        assertNotNull(person);
        assertEquals(1, person.channels());
        int differing = 0;
        for (int i = 0; i < 96 * 96; i++) {
            int expected = bmp.getColorModel().getRed(raster[i] & 0xff);
            differing += Math.abs(expected - (person.pixels()[i] & 0xff)) > 1 ? 1 : 0;
        }
        assertEquals(0, differing, "gray levels survive (no gamma conversion)");
    }
}
