package lowbit.data.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lowbit.LowbitException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Visual Wake Words from COCO: an {@code instances_*.json} plus its image folder. An image is "person"
 * when some person box covers more than {@code minPersonArea} of the image (0.5 % in the VWW paper).
 * The split comes from the file name (train2014 / val2014) in auto mode.
 */
public final class VwwCocoSource implements ImageSource<ImageFilesUnit> {
    public static final List<String> CLASSES = List.of("non_person", "person");

    private final String input;
    private final String imagesDir;
    private final double minPersonArea;
    private final int recordsPerTask;

    public VwwCocoSource(String input, String imagesDir, double minPersonArea, int recordsPerTask) {
        this.input = input;
        this.imagesDir = imagesDir;
        this.minPersonArea = minPersonArea;
        this.recordsPerTask = recordsPerTask;
    }

    record CocoImage(String file, int width, int height) {
    }

    /** A bounding box reduced to what the label needs: its image, category and area. */
    record Box(long imageId, long category, double area) {
    }

    @Override
    public SourcePlan<ImageFilesUnit> plan() {
        SourceFiles.requireExists(input, "COCO instances file");
        String instances = SourceFiles.isDirectory(input) ? findInstances(input) : input;
        String dir = new Path(instances).getParent().toString();
        String images = imagesDir.isEmpty() ? guessImagesDir(dir, instances) : imagesDir;
        SourceFiles.requireExists(images, "COCO image folder");
        String split = splitOf(new Path(instances).getName());

        Map<Long, CocoImage> cocoImages = new LinkedHashMap<>();
        Map<Long, Double> largestPersonFraction = new HashMap<>();
        parse(instances, cocoImages, largestPersonFraction);

        List<ImageFilesUnit.Item> items = new ArrayList<>();
        for (Map.Entry<Long, CocoImage> e : cocoImages.entrySet()) {
            double fraction = largestPersonFraction.getOrDefault(e.getKey(), 0.0);
            items.add(ImageFilesUnit.Item.ok(e.getValue().file(), fraction > minPersonArea ? 1 : 0, split));
        }
        List<FileStatus> fingerprinted = List.of(SourceFiles.status(instances));
        return new SourcePlan<>(ImageFilesUnit.chunk(images, items, recordsPerTask), CLASSES,
                SourceFiles.fingerprint(dir, fingerprinted));
    }

    private static String findInstances(String dir) {
        List<FileStatus> found = SourceFiles.list(dir, s -> s.isFile() && s.getPath().getName().startsWith("instances_")
                && s.getPath().getName().endsWith(".json"));
        if (found.size() != 1) {
            throw new LowbitException(found.isEmpty() ? "no instances_*.json in " + dir
                    : "several instances_*.json in " + dir + ": name one as --input");
        }
        return found.get(0).getPath().toString();
    }

    /** instances_val2014.json -> val2014/ beside it, else images/, else the folder itself. */
    private static String guessImagesDir(String dir, String instances) {
        String name = new Path(instances).getName();
        String set = name.substring("instances_".length(), name.length() - ".json".length());
        String found = SourceFiles.firstExisting(List.of(SourceFiles.child(dir, set), SourceFiles.child(dir, "images")));
        return found == null ? dir : found;
    }

    private static String splitOf(String name) {
        if (name.contains("train")) {
            return "train";
        }
        return name.contains("val") ? "val" : null;
    }

    private void parse(String path, Map<Long, CocoImage> images, Map<Long, Double> largestPersonFraction) {
        ObjectMapper mapper = new ObjectMapper();
        List<Box> boxes = new ArrayList<>();
        Long personCategory = null;
        try (InputStream in = SourceFiles.open(path); JsonParser parser = mapper.getFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new LowbitException(path + ": not a COCO instances file (expected a JSON object)");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.getCurrentName();
                JsonToken value = parser.nextToken();
                if (value != JsonToken.START_ARRAY || !List.of("images", "annotations", "categories").contains(field)) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    JsonNode node = mapper.readTree(parser);
                    switch (field) {
                        case "images" -> images.put(node.path("id").asLong(), new CocoImage(
                                node.path("file_name").asText(), node.path("width").asInt(), node.path("height").asInt()));
                        case "categories" -> {
                            if ("person".equals(node.path("name").asText())) {
                                personCategory = node.path("id").asLong();
                            }
                        }
                        default -> {
                            JsonNode box = node.path("bbox");
                            boxes.add(new Box(node.path("image_id").asLong(), node.path("category_id").asLong(),
                                    box.path(2).asDouble() * box.path(3).asDouble()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new LowbitException(path + ": invalid COCO JSON: " + e.getMessage(), e);
        }
        if (personCategory == null) {
            throw new LowbitException(path + ": no category named 'person' in its categories");
        }
        for (Box box : boxes) {
            CocoImage image = images.get(box.imageId());
            if (box.category() != personCategory || image == null || image.width() <= 0 || image.height() <= 0) {
                continue;
            }
            double fraction = box.area() / ((double) image.width() * image.height());
            largestPersonFraction.merge(box.imageId(), fraction, Math::max);
        }
    }

    @Override
    public Iterator<SourceRecord> read(ImageFilesUnit unit, List<String> classNames) {
        return unit.decode();
    }
}
