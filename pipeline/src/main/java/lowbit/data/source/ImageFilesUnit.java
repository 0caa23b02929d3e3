package lowbit.data.source;

import lowbit.data.image.ImageDamage;
import lowbit.data.image.ImageDecoder;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A chunk of image files below {@code root}, each with its label and split (null: none), or with a
 * damage reason found while planning (such as a ground-truth line naming an unknown class).
 */
public record ImageFilesUnit(String root, List<Item> items) implements ImageUnit {

    public record Item(String path, int label, String split, String damage) implements Serializable {
        public static Item ok(String path, int label, String split) {
            return new Item(path, label, split, null);
        }

        public static Item damaged(String path, String split, String reason) {
            return new Item(path, -1, split, reason);
        }

        /** This item's record from its encoded bytes; an image that does not decode becomes a damaged record. */
        public SourceRecord decode(byte[] encoded) {
            try {
                return SourceRecord.ofImage(path, label, split, ImageDecoder.decode(encoded));
            } catch (ImageDamage e) {
                return SourceRecord.damaged(path, split, e.getMessage());
            }
        }
    }

    /** At most {@code maxPerUnit} items a unit, and at least 16 units where there are enough items. */
    public static List<ImageFilesUnit> chunk(String root, List<Item> items, int maxPerUnit) {
        int perUnit = Math.max(1, Math.min(maxPerUnit, Math.max(64, (items.size() + 15) / 16)));
        List<ImageFilesUnit> units = new ArrayList<>();
        for (int i = 0; i < items.size(); i += perUnit) {
            units.add(new ImageFilesUnit(root, List.copyOf(items.subList(i, Math.min(items.size(), i + perUnit)))));
        }
        return units;
    }

    /** Decodes lazily, one file at a time, so a task holds one decoded image at once. */
    @Override
    public Iterator<SourceRecord> decode() {
        Iterator<Item> it = items.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public SourceRecord next() {
                Item item = it.next();
                if (item.damage() != null) {
                    return SourceRecord.damaged(item.path(), item.split(), item.damage());
                }
                try {
                    return item.decode(SourceFiles.readAll(SourceFiles.child(root, item.path())));
                } catch (java.io.UncheckedIOException e) {
                    return SourceRecord.damaged(item.path(), item.split(), e.getMessage());
                }
            }
        };
    }
}
