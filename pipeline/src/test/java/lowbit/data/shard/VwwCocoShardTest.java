package lowbit.data.shard;

import com.fasterxml.jackson.databind.ObjectMapper;
import lowbit.testing.Shard;
import lowbit.testing.SharedData;
import lowbit.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A COCO-style instances file written here, over real VWW images, exercises the person-area threshold. */
@Tag("spark")
@Tag("data")
class VwwCocoShardTest {
    @TempDir
    Path tmp;

    private Path writeFixture() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("coco"));
        Files.createDirectories(root.resolve("val2014"));
        List<Path> images = new ArrayList<>();
        try (var files = Files.list(SharedData.path("vww96/person"))) {
            files.sorted().limit(5).forEach(images::add);
        }
        List<Map<String, Object>> cocoImages = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            String name = "COCO_val2014_" + i + ".png";
            Files.copy(images.get(i), root.resolve("val2014").resolve(name));
            cocoImages.add(Map.of("id", 100 + i, "file_name", name, "width", 200, "height", 100));
        }
        // image area 20,000: 0.5 % is 100 pixels
        List<Map<String, Object>> annotations = List.of(
                box(100, 1, 10, 20),   // 1 %: person
                box(101, 1, 8, 10),    // 0.4 %: below the default threshold
                box(103, 18, 100, 100), // a dog covering half the image
                box(104, 1, 6, 10), box(104, 1, 12, 10)); // 0.3 % and 0.6 %: the largest counts
        Map<String, Object> coco = Map.of("info", Map.of("description", "lowbit test fixture"),
                "images", cocoImages, "annotations", annotations,
                "categories", List.of(Map.of("id", 1, "name", "person"), Map.of("id", 18, "name", "dog")));
        new ObjectMapper().writeValue(root.resolve("instances_val2014.json").toFile(), coco);
        return root;
    }

    private static Map<String, Object> box(int imageId, int category, int w, int h) {
        return Map.of("image_id", imageId, "category_id", category, "bbox", List.of(1, 2, w, h), "iscrowd", 0,
                "segmentation", List.of(List.of(1, 2, 3, 4)));
    }

    private static Map<String, Integer> labels(Path dataset) {
        Map<String, Integer> labels = new HashMap<>();
        for (Row r : TestSpark.session().read().parquet(dataset.resolve("data").toString()).select("id", "label").collectAsList()) {
            labels.put(r.getString(0), r.getInt(1));
        }
        return labels;
    }

    @Test
    void personWhenSomePersonBoxCoversMoreThanTheThreshold() throws IOException {
        Path root = writeFixture();
        Manifest manifest = Shard.run("vww-coco", root.resolve("instances_val2014.json"), tmp.resolve("vww"),
                "size=96x96", "grayscale=true");
        assertEquals(List.of("non_person", "person"), manifest.classes());
        assertEquals(Map.of("val", new Manifest.SplitCounts(5, Map.of("non_person", 3L, "person", 2L))), manifest.splits());
        assertEquals(new Manifest.Shape(1, 96, 96), manifest.shape());
        assertEquals(Map.of("COCO_val2014_0.png", 1, "COCO_val2014_1.png", 0, "COCO_val2014_2.png", 0,
                "COCO_val2014_3.png", 0, "COCO_val2014_4.png", 1), labels(tmp.resolve("vww")));

        Shard.run("vww-coco", root, tmp.resolve("strict"), "vww.min-person-area=0.008");
        assertEquals(Map.of("COCO_val2014_0.png", 1, "COCO_val2014_1.png", 0, "COCO_val2014_2.png", 0,
                "COCO_val2014_3.png", 0, "COCO_val2014_4.png", 0), labels(tmp.resolve("strict")));
    }
}
