package lowbit.data.source;

import lowbit.LowbitException;
import org.apache.hadoop.fs.FileStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A folder tree as a source sees it: the plain files below {@code input} plus the files of the tar archives
 * directly in it, each under the path it would have if the archive were unpacked there. {@code input} may
 * also be a single archive. Paths are relative to the root ("" is the root) and are the records' ids.
 */
public final class SourceTree {
    /** An image: its path below the root and the archive holding it (null: a plain file, {@code status} set). */
    public record Image(String path, String archive, FileStatus status) {
    }

    private final String root;
    private final boolean plainRoot;
    private final List<FileStatus> archives;
    private final Map<String, TreeSet<String>> archivedFolders = new HashMap<>();
    private final Map<String, List<Image>> archivedImages = new HashMap<>();

    /** @param what the input's role in error messages, e.g. "class-folder input" */
    public SourceTree(String input, String what) {
        SourceFiles.requireExists(input, what);
        this.root = input;
        this.plainRoot = SourceFiles.isDirectory(input);
        this.archives = plainRoot
                ? SourceFiles.list(input, s -> s.isFile() && TarArchives.isArchive(s.getPath().getName()))
                : List.of(requireArchive(input, what));
        for (FileStatus archive : archives) {
            index(archive.getPath().toString());
        }
    }

    private static FileStatus requireArchive(String input, String what) {
        if (!TarArchives.isArchive(input)) {
            throw new LowbitException(what + " " + input + " is a file but not a tar archive (.tar, .tar.gz, .tgz); "
                    + "expected a folder or an archive");
        }
        return SourceFiles.status(input);
    }

    private void index(String archive) {
        for (String path : TarArchives.fileNames(archive)) {
            String dir = parent(path);
            String name = path.substring(dir.isEmpty() ? 0 : dir.length() + 1);
            if (SourceFiles.isImageName(name)) {
                archivedImages.computeIfAbsent(dir, d -> new ArrayList<>()).add(new Image(path, archive, null));
            }
            for (String d = dir; !d.isEmpty(); d = parent(d)) {
                String p = parent(d);
                archivedFolders.computeIfAbsent(p, x -> new TreeSet<>()).add(p.isEmpty() ? d : d.substring(p.length() + 1));
            }
        }
    }

    /** The archives read as part of the tree (their size and modification time stand for their files). */
    public List<FileStatus> archives() {
        return archives;
    }

    /** Names of the folders directly in {@code dir}, sorted. */
    public List<String> folders(String dir) {
        TreeSet<String> names = new TreeSet<>(archivedFolders.getOrDefault(dir, new TreeSet<>()));
        String plain = plainPath(dir);
        if (plain != null) {
            SourceFiles.list(plain, FileStatus::isDirectory).forEach(s -> names.add(s.getPath().getName()));
        }
        return new ArrayList<>(names);
    }

    /** Images (.jpg, .jpeg, .png, .bmp) directly in {@code dir}, sorted by path; a path both plain and archived is an error. */
    public List<Image> images(String dir) {
        List<Image> images = new ArrayList<>(archivedImages.getOrDefault(dir, List.of()));
        String plain = plainPath(dir);
        if (plain != null) {
            Map<String, String> archived = new HashMap<>();
            images.forEach(i -> archived.put(i.path(), i.archive()));
            for (FileStatus s : SourceFiles.list(plain, SourceFiles::isImageFile)) {
                String path = dir.isEmpty() ? s.getPath().getName() : dir + "/" + s.getPath().getName();
                if (archived.containsKey(path)) {
                    throw new LowbitException(path + " is both a file in " + root + " and an entry of "
                            + archived.get(path) + ": remove the unpacked copy or the archive");
                }
                images.add(new Image(path, null, s));
            }
        }
        images.sort(Comparator.comparing(Image::path));
        return images;
    }

    private String plainPath(String dir) {
        if (!plainRoot) {
            return null;
        }
        String path = dir.isEmpty() ? root : SourceFiles.child(root, dir);
        return dir.isEmpty() || SourceFiles.isDirectory(path) ? path : null;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
