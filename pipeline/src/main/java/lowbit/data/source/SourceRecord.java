package lowbit.data.source;

import lowbit.data.image.Pixels;

import java.awt.image.BufferedImage;

/**
 * One record as a source reads it: pixels for record-file formats, a decoded image for image files, or a
 * damage reason. {@code split} is null where the source has no split of its own.
 */
public record SourceRecord(String id, int label, Integer coarseLabel, String split, Pixels pixels,
                           BufferedImage image, String damage) {

    public static SourceRecord ofPixels(String id, int label, Integer coarseLabel, String split, Pixels pixels) {
        return new SourceRecord(id, label, coarseLabel, split, pixels, null, null);
    }

    public static SourceRecord ofImage(String id, int label, String split, BufferedImage image) {
        return new SourceRecord(id, label, null, split, null, image, null);
    }

    public static SourceRecord damaged(String id, String split, String reason) {
        return new SourceRecord(id, -1, null, split, null, null, reason);
    }

    public boolean isDamaged() {
        return damage != null;
    }
}
