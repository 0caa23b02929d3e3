package lowbit.data.source;

import lowbit.LowbitException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * ImageNet-style validation: a flat image folder plus a ground-truth file, either Tiny-ImageNet's
 * {@code val_annotations.txt} (file TAB wnid ...) or ILSVRC's {@code LOC_val_solution.csv}
 * (ImageId,"wnid x y x y ..."). Classes are indexed by {@code wnids.txt} or {@code synsets.txt}
 * (else the sorted ground-truth wnids), named from {@code words.txt} where present. Split: val.
 */
public final class ImageNetValSource implements ImageSource<ImageFilesUnit> {
    private static final String SPLIT = "val";

    private final String input;
    private final String groundTruth;
    private final List<String> configuredClasses;
    private final int recordsPerTask;

    public ImageNetValSource(String input, String groundTruth, List<String> configuredClasses, int recordsPerTask) {
        this.input = input;
        this.groundTruth = groundTruth;
        this.configuredClasses = configuredClasses;
        this.recordsPerTask = recordsPerTask;
    }

    @Override
    public SourcePlan<ImageFilesUnit> plan() {
        SourceFiles.requireExists(input, "ImageNet validation input");
        String imagesDir = imagesDir();
        String gt = groundTruth.isEmpty() ? findGroundTruth(imagesDir) : groundTruth;
        SourceFiles.requireExists(gt, "ground-truth file");
        Map<String, GroundTruthLine> truth = parseGroundTruth(gt);
        List<String> folders = searchFolders(imagesDir);
        List<String> wnids = classIndex(folders, truth);
        Map<String, Integer> labelOf = new HashMap<>();
        for (int i = 0; i < wnids.size(); i++) {
            labelOf.put(wnids.get(i), i);
        }
        List<FileStatus> images = SourceFiles.list(imagesDir, SourceFiles::isImageFile);
        if (images.isEmpty()) {
            throw new LowbitException("no images (.jpg, .jpeg, .png, .bmp) in " + imagesDir);
        }
        String gtName = new Path(gt).getName();
        List<ImageFilesUnit.Item> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (FileStatus image : images) {
            String file = image.getPath().getName();
            seen.add(stem(file));
            GroundTruthLine line = truth.get(stem(file));
            if (line == null) {
                items.add(ImageFilesUnit.Item.damaged(file, SPLIT, "no ground-truth line for this image in " + gtName));
            } else if (!labelOf.containsKey(line.wnid())) {
                items.add(ImageFilesUnit.Item.damaged(file, SPLIT, gtName + ":" + line.lineNumber()
                        + " names unknown class '" + line.wnid() + "'"));
            } else {
                items.add(ImageFilesUnit.Item.ok(file, labelOf.get(line.wnid()), SPLIT));
            }
        }
        for (Map.Entry<String, GroundTruthLine> e : truth.entrySet()) {
            if (!seen.contains(e.getKey())) {
                items.add(ImageFilesUnit.Item.damaged(gtName + ":" + e.getValue().lineNumber(), SPLIT,
                        "ground truth names image '" + e.getKey() + "' which is not in " + imagesDir));
            }
        }
        List<String> names = ClassDescriptions.describe(wnids, ClassDescriptions.find(folders));
        List<FileStatus> fingerprinted = new ArrayList<>(images);
        fingerprinted.add(SourceFiles.status(gt));
        return new SourcePlan<>(ImageFilesUnit.chunk(imagesDir, items, recordsPerTask), names,
                SourceFiles.fingerprint(input, fingerprinted));
    }

    private String imagesDir() {
        for (String candidate : List.of(SourceFiles.child(input, "val/images"), SourceFiles.child(input, "images"),
                SourceFiles.child(input, "val"), input)) {
            if (SourceFiles.isDirectory(candidate) && !SourceFiles.list(candidate, SourceFiles::isImageFile).isEmpty()) {
                return candidate;
            }
        }
        throw new LowbitException("no image folder found in " + input + " (looked at val/images, images, val and the folder itself)");
    }

    private List<String> searchFolders(String imagesDir) {
        Set<String> folders = new java.util.LinkedHashSet<>();
        String dir = imagesDir;
        for (int i = 0; i < 3 && dir != null; i++) {
            folders.add(dir);
            Path parent = new Path(dir).getParent();
            dir = parent == null ? null : parent.toString();
        }
        folders.add(input);
        return new ArrayList<>(folders);
    }

    private String findGroundTruth(String imagesDir) {
        List<String> candidates = new ArrayList<>();
        for (String folder : searchFolders(imagesDir)) {
            candidates.add(SourceFiles.child(folder, "val_annotations.txt"));
            candidates.add(SourceFiles.child(folder, "LOC_val_solution.csv"));
        }
        String found = SourceFiles.firstExisting(candidates);
        if (found == null) {
            throw new LowbitException("no ground-truth file (val_annotations.txt or LOC_val_solution.csv) found near "
                    + imagesDir + "; set the key lowbit.shard.ground-truth");
        }
        return found;
    }

    record GroundTruthLine(String wnid, int lineNumber) {
    }

    /** Keyed by image file name without extension, so ILSVRC ids and Tiny-ImageNet file names both match. */
    static Map<String, GroundTruthLine> parseGroundTruth(String path) {
        boolean csv = path.endsWith(".csv");
        List<String> lines = SourceFiles.readLines(path);
        Map<String, GroundTruthLine> truth = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (csv && i == 0 && line.startsWith("ImageId"))) {
                continue;
            }
            String[] fields = csv ? line.split(",", 2) : line.split("\t");
            if (fields.length < 2 || fields[1].isBlank()) {
                throw new LowbitException(path + ":" + (i + 1) + ": expected "
                        + (csv ? "ImageId,PredictionString" : "file<TAB>wnid") + " but got '" + line + "'");
            }
            String wnid = fields[1].strip().split("\\s+")[0];
            truth.put(stem(fields[0].strip()), new GroundTruthLine(wnid, i + 1));
        }
        return truth;
    }

    private List<String> classIndex(List<String> folders, Map<String, GroundTruthLine> truth) {
        if (!configuredClasses.isEmpty()) {
            return configuredClasses;
        }
        for (String folder : folders) {
            for (String name : List.of("wnids.txt", "synsets.txt", "LOC_synset_mapping.txt")) {
                String path = SourceFiles.child(folder, name);
                if (SourceFiles.exists(path)) {
                    return SourceFiles.readLines(path).stream().map(String::strip).filter(l -> !l.isEmpty())
                            .map(l -> l.split("\\s+")[0]).toList();
                }
            }
        }
        return new ArrayList<>(new TreeSet<>(truth.values().stream().map(GroundTruthLine::wnid).toList()));
    }

    private static String stem(String file) {
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    @Override
    public Iterator<SourceRecord> read(ImageFilesUnit unit, List<String> classNames) {
        return unit.decode();
    }
}
