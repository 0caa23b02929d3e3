package lowbit.data.source;

import lowbit.LowbitException;
import org.apache.hadoop.fs.FileStatus;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Image class folders {@code <root>/<class>/*.{jpg,jpeg,png,bmp}}: ImageNet train, CIFAR as JPEG, Visual
 * Wake Words {@code person/} and {@code non_person/}. Labels follow the sorted folder names unless
 * {@code classes} lists them. Class folders have no split of their own.
 */
public final class ClassFolderSource implements ImageSource<ImageFilesUnit> {
    private final String input;
    private final List<String> configuredClasses;
    private final int recordsPerTask;

    public ClassFolderSource(String input, List<String> configuredClasses, int recordsPerTask) {
        this.input = input;
        this.configuredClasses = configuredClasses;
        this.recordsPerTask = recordsPerTask;
    }

    @Override
    public SourcePlan<ImageFilesUnit> plan() {
        SourceFiles.requireExists(input, "class-folder input");
        List<String> folders = SourceFiles.list(input, FileStatus::isDirectory).stream()
                .map(s -> s.getPath().getName()).toList();
        if (folders.isEmpty()) {
            throw new LowbitException("no class folders in " + input + " (expected <root>/<class>/*.jpg|png|bmp)");
        }
        List<String> classes = configuredClasses.isEmpty() ? folders : configuredClasses;
        for (String cls : classes) {
            if (!folders.contains(cls)) {
                throw new LowbitException("class folder missing: " + SourceFiles.child(input, cls));
            }
        }
        List<ImageFilesUnit.Item> items = new ArrayList<>();
        List<FileStatus> all = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            String dir = SourceFiles.child(input, classes.get(label));
            List<FileStatus> images = SourceFiles.list(dir, SourceFiles::isImageFile);
            if (images.isEmpty()) {
                throw new LowbitException("class folder " + dir + " has no images (.jpg, .jpeg, .png, .bmp)");
            }
            for (FileStatus image : images) {
                items.add(ImageFilesUnit.Item.ok(classes.get(label) + "/" + image.getPath().getName(), label, null));
            }
            all.addAll(images);
        }
        String parent = new org.apache.hadoop.fs.Path(input).getParent().toString();
        List<String> names = ClassDescriptions.describe(classes, ClassDescriptions.find(List.of(input, parent)));
        return new SourcePlan<>(ImageFilesUnit.chunk(input, items, recordsPerTask), names,
                SourceFiles.fingerprint(input, all));
    }

    @Override
    public Iterator<SourceRecord> read(ImageFilesUnit unit, List<String> classNames) {
        return unit.decode();
    }
}
