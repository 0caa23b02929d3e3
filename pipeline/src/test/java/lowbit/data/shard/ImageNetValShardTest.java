package lowbit.data.shard;

import lowbit.testing.Shard;
import lowbit.testing.SharedData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("spark")
@Tag("data")
class ImageNetValShardTest {
    @TempDir
    Path tmp;

    @Test
    void tinyImageNetValidationWithItsGroundTruth() throws IOException {
        Path input = SharedData.path("tiny-imagenet-val");
        Manifest manifest = Shard.run("imagenet-val", input, tmp.resolve("tiny"), "shards=2");

        List<String> wnids = Files.readAllLines(input.resolve("wnids.txt")).stream().filter(l -> !l.isBlank()).toList();
        assertEquals(wnids.size(), manifest.classes().size());
        assertEquals(new Manifest.Shape(3, 64, 64), manifest.shape());
        long lines = Files.readAllLines(input.resolve("val/val_annotations.txt")).stream().filter(l -> !l.isBlank()).count();
        long images;
        try (var files = Files.list(input.resolve("val/images"))) {
            images = files.count();
        }
        assertEquals(Math.min(lines, images), manifest.splits().get("val").records());
        assertEquals(Math.abs(images - lines), manifest.quarantine().records(),
                "images without a ground-truth line are quarantined, not guessed");
        Map<String, String> words = new java.util.HashMap<>();
        for (String line : Files.readAllLines(input.resolve("words.txt"))) {
            String[] f = line.split("\t");
            words.put(f[0], f[1].split(",")[0].strip());
        }
        assertEquals(words.get(wnids.get(0)), manifest.classes().get(0), "class names from words.txt");
    }

    @Test
    void groundTruthNamingAnUnknownClassIsQuarantinedWithItsLine() throws IOException {
        Path root = tmp.resolve("val");
        Files.createDirectories(root.resolve("images"));
        Path source = SharedData.path("tiny-imagenet-val/val/images");
        for (int i = 0; i < 4; i++) {
            Files.copy(source.resolve("val_" + i + ".JPEG"), root.resolve("images/val_" + i + ".JPEG"));
        }
        Files.write(root.resolve("wnids.txt"), List.of("n01", "n02"));
        Files.write(root.resolve("val_annotations.txt"), List.of("val_0.JPEG\tn01\t0\t0\t1\t1",
                "val_1.JPEG\tn02\t0\t0\t1\t1", "val_2.JPEG\tn99999999\t0\t0\t1\t1", "val_3.JPEG\tn01\t0\t0\t1\t1"));

        Manifest manifest = Shard.run("imagenet-val", root, tmp.resolve("out"), "max-quarantine-fraction=0.5");
        assertEquals(3, manifest.records());
        assertEquals(Map.of("n01", 2L, "n02", 1L), manifest.splits().get("val").perClass());
        assertEquals(Map.of("val_annotations.txt:3 names unknown class 'n99999999'", 1L), manifest.quarantine().reasons());
    }

    @Test
    void ilsvrcSolutionCsvIsReadToo() throws IOException {
        Path root = tmp.resolve("ilsvrc");
        Files.createDirectories(root.resolve("val"));
        Path source = SharedData.path("tiny-imagenet-val/val/images");
        for (int i = 0; i < 3; i++) {
            Files.copy(source.resolve("val_" + i + ".JPEG"), root.resolve("val/ILSVRC2012_val_0000000" + (i + 1) + ".JPEG"));
        }
        Files.write(root.resolve("LOC_synset_mapping.txt"), List.of("n01440764 tench, Tinca tinca", "n01443537 goldfish, Carassius auratus"));
        Files.write(root.resolve("LOC_val_solution.csv"), List.of("ImageId,PredictionString",
                "ILSVRC2012_val_00000001,n01443537 10 20 30 40 n01443537 1 2 3 4",
                "ILSVRC2012_val_00000002,n01440764 10 20 30 40", "ILSVRC2012_val_00000003,n01443537 1 1 2 2"));

        Manifest manifest = Shard.run("imagenet-val", root, tmp.resolve("out"));
        assertEquals(List.of("tench", "goldfish"), manifest.classes());
        assertEquals(Map.of("tench", 1L, "goldfish", 2L), manifest.splits().get("val").perClass());
        assertTrue(manifest.quarantine().reasons().isEmpty());
    }
}
