package lowbit.data.source;

import lowbit.LowbitException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Image class folders, plain or inside tar archives ({@link SourceTree}), in one of two layouts:
 * <ul>
 * <li>flat: {@code <root>/<class>/*.{jpg,jpeg,png,bmp}} (ImageNet train, VWW {@code person/} +
 * {@code non_person/}); no split of its own;</li>
 * <li>split: {@code <root>/{train,val,test}/<class>/*}: the root holds only folders named train, val or
 * test (at least one), each holding class folders and no images; these are the source's own splits.</li>
 * </ul>
 * Labels follow the sorted class folder names (in a split layout, the union over the splits) unless
 * {@code classes} lists them. A record's id is its path below the root, as if every archive were unpacked.
 */
public final class ClassFolderSource implements ImageSource<ImageUnit> {
    /** The split folders a root may hold instead of class folders, in listing order. */
    private static final List<String> SPLIT_FOLDERS = List.of("train", "val", "test");

    private final String input;
    private final List<String> configuredClasses;
    private final int recordsPerTask;

    public ClassFolderSource(String input, List<String> configuredClasses, int recordsPerTask) {
        this.input = input;
        this.configuredClasses = configuredClasses;
        this.recordsPerTask = recordsPerTask;
    }

    @Override
    public SourcePlan<ImageUnit> plan() {
        SourceTree tree = new SourceTree(input, "class-folder input");
        List<String> top = tree.folders("");
        if (top.isEmpty()) {
            throw new LowbitException("no class folders in " + input
                    + " (expected <root>/<class>/*.jpg|png|bmp or <root>/{train,val,test}/<class>/*)");
        }
        List<String> splits = splitFolders(tree, top);
        List<String> dirs = splits.isEmpty() ? List.of("") : splits;
        Map<String, List<String>> classFolders = new LinkedHashMap<>();
        dirs.forEach(d -> classFolders.put(d, d.isEmpty() ? top : tree.folders(d)));
        List<String> classes = classes(classFolders);

        List<ImageFilesUnit.Item> plain = new ArrayList<>();
        Map<String, Long> archives = new LinkedHashMap<>();
        List<FileStatus> fingerprinted = new ArrayList<>();
        for (String dir : dirs) {
            for (int label = 0; label < classes.size(); label++) {
                if (!classFolders.get(dir).contains(classes.get(label))) {
                    continue;
                }
                String folder = dir.isEmpty() ? classes.get(label) : dir + "/" + classes.get(label);
                List<SourceTree.Image> images = tree.images(folder);
                if (images.isEmpty()) {
                    throw new LowbitException("class folder " + SourceFiles.child(input, folder)
                            + " has no images (.jpg, .jpeg, .png, .bmp)");
                }
                for (SourceTree.Image image : images) {
                    if (image.archive() == null) {
                        plain.add(ImageFilesUnit.Item.ok(image.path(), label, dir.isEmpty() ? null : dir));
                        fingerprinted.add(image.status());
                    } else {
                        archives.merge(image.archive(), 1L, Long::sum);
                    }
                }
            }
        }
        fingerprinted.addAll(tree.archives());
        // An archive is one sequential task: start it first, the folders' chunks fill the other cores
        List<ImageUnit> units = new ArrayList<>();
        archives.forEach((archive, images) -> units.addAll(ArchiveEntriesUnit.of(archive, splits, classes, images, recordsPerTask)));
        units.addAll(ImageFilesUnit.chunk(input, plain, recordsPerTask));
        Path parent = new Path(input).getParent();
        List<String> names = ClassDescriptions.describe(classes, ClassDescriptions.find(
                parent == null ? List.of(input) : List.of(input, parent.toString())));
        return new SourcePlan<>(units, names, SourceFiles.fingerprint(input, fingerprinted));
    }

    /** The split folders (split layout), or none (flat layout); a root that mixes both is an error. */
    private List<String> splitFolders(SourceTree tree, List<String> top) {
        List<String> holdingClasses = top.stream().filter(SPLIT_FOLDERS::contains)
                .filter(s -> tree.images(s).isEmpty() && !tree.folders(s).isEmpty()).toList();
        if (holdingClasses.isEmpty()) {
            return List.of();
        }
        if (holdingClasses.size() != top.size()) {
            throw new LowbitException(input + " mixes split folders " + holdingClasses + " with other folders "
                    + top.stream().filter(f -> !holdingClasses.contains(f)).toList() + ": a split layout holds only "
                    + "train/, val/ and test/, each with class folders; a flat layout only class folders with images");
        }
        return SPLIT_FOLDERS.stream().filter(holdingClasses::contains).toList();
    }

    private List<String> classes(Map<String, List<String>> classFolders) {
        TreeSet<String> found = new TreeSet<>();
        classFolders.values().forEach(found::addAll);
        if (configuredClasses.isEmpty()) {
            return new ArrayList<>(found);
        }
        for (String cls : configuredClasses) {
            if (!found.contains(cls)) {
                throw new LowbitException("class folder missing: " + cls + " in " + (classFolders.containsKey("")
                        ? input : "none of " + classFolders.keySet().stream().map(s -> s + "/").toList() + " of " + input));
            }
        }
        return configuredClasses;
    }

    @Override
    public Iterator<SourceRecord> read(ImageUnit unit, List<String> classNames) {
        return unit.decode();
    }
}
