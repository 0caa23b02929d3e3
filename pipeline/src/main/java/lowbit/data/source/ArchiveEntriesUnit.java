package lowbit.data.source;

import lowbit.LowbitException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The images of one tar archive in a class-folder layout: entries at {@code <class>/<file>} (no
 * {@code splits}) or {@code <split>/<class>/<file>} whose class is one of {@code classes} (the label is its
 * index). One pass over the archive stream decodes them in archive order, one entry at a time; the unit
 * names folders, not entries, so its task stays small however large the archive. A damaged image's reason
 * names the archive; a stream that breaks off is an error naming it (planning read it whole). A large archive
 * is read by several units, {@code part} of {@code parts}, each decoding every {@code parts}-th image it takes:
 * every part inflates the whole stream, which costs far less than decoding the images.
 */
public record ArchiveEntriesUnit(String archive, List<String> splits, List<String> classes, int part, int parts)
        implements ImageUnit {
    private static final int MAX_PARTS = 4;

    /** Units for an archive of {@code images} images, about {@code perUnit} each, at most {@value #MAX_PARTS}. */
    public static List<ArchiveEntriesUnit> of(String archive, List<String> splits, List<String> classes, long images,
                                              int perUnit) {
        int parts = (int) Math.max(1, Math.min(MAX_PARTS, (images + perUnit - 1) / perUnit));
        return java.util.stream.IntStream.range(0, parts)
                .mapToObj(p -> new ArchiveEntriesUnit(archive, splits, classes, p, parts)).toList();
    }

    /** The item an entry path stands for, or null where the layout does not take it. */
    ImageFilesUnit.Item itemOf(String path) {
        String[] parts = path.split("/");
        int depth = splits.isEmpty() ? 2 : 3;
        if (parts.length != depth || !SourceFiles.isImageName(parts[depth - 1])) {
            return null;
        }
        String split = splits.isEmpty() ? null : parts[0];
        int label = classes.indexOf(parts[depth - 2]);
        return label < 0 || (split != null && !splits.contains(split)) ? null : ImageFilesUnit.Item.ok(path, label, split);
    }

    @Override
    public Iterator<SourceRecord> decode() {
        return new Reader();
    }

    private final class Reader implements Iterator<SourceRecord> {
        private TarArchiveInputStream tar;
        private long taken;
        private boolean finished;
        private SourceRecord next;

        @Override
        public boolean hasNext() {
            if (next == null && !finished) {
                next = advance();
            }
            return next != null;
        }

        @Override
        public SourceRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            SourceRecord current = next;
            next = null;
            return current;
        }

        private SourceRecord advance() {
            String last = null;
            try {
                if (tar == null) {
                    tar = TarArchives.open(archive);
                }
                for (TarArchiveEntry e = TarArchives.nextFile(tar); e != null; e = TarArchives.nextFile(tar)) {
                    last = TarArchives.normalize(e.getName());
                    ImageFilesUnit.Item item = itemOf(last);
                    if (item != null && taken++ % parts == part) {
                        SourceRecord record = item.decode(tar.readAllBytes());
                        return record.isDamaged() ? SourceRecord.damaged(record.id(), record.split(),
                                record.damage() + " (in " + new Path(archive).getName() + ")") : record;
                    }
                }
                finished = true;
                closeQuietly();
                return null;
            } catch (IOException | IllegalArgumentException e) {
                closeQuietly();
                // The plan listed this archive whole: it changed since, or the filesystem failed
                throw new LowbitException("damaged tar archive " + archive + (last == null ? "" : " at entry " + last)
                        + ": " + e.getMessage(), e);
            }
        }

        private void closeQuietly() {
            try {
                if (tar != null) {
                    tar.close();
                }
            } catch (IOException ignored) {
                // every entry this unit needs was read, or an error says why not
            }
        }
    }
}
