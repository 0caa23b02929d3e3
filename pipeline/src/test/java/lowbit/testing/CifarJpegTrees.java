package lowbit.testing;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Small class-folder trees and tar archives made of real CIFAR-10 JPEGs (../shared/data/cifar10/test). */
public final class CifarJpegTrees {
    private CifarJpegTrees() {
    }

    /** The real JPEGs {@code first .. first + count - 1} of a class, by sorted file name. */
    public static List<Path> jpegs(String cls, int first, int count) throws IOException {
        try (var files = Files.list(SharedData.path("cifar10/test/" + cls))) {
            return files.sorted().skip(first).limit(count).toList();
        }
    }

    /**
     * Copies {@code count} JPEGs of each class (from the {@code first}-th) to {@code root/dir/<class>/} under
     * their own names; returns their paths below root. {@code dir} "" makes a flat tree.
     */
    public static List<String> copy(Path root, String dir, List<String> classes, int first, int count) throws IOException {
        List<String> paths = new ArrayList<>();
        for (String cls : classes) {
            String folder = dir.isEmpty() ? cls : dir + "/" + cls;
            Files.createDirectories(root.resolve(folder));
            for (Path jpeg : jpegs(cls, first, count)) {
                String path = folder + "/" + jpeg.getFileName();
                Files.copy(jpeg, root.resolve(path));
                paths.add(path);
            }
        }
        return paths;
    }

    /** The files below root as archive entries: entry name (prefix + path) to content. */
    public static Map<String, byte[]> entries(Path root, List<String> paths, String prefix) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String path : paths) {
            entries.put(prefix + path, Files.readAllBytes(root.resolve(path)));
        }
        return entries;
    }

    /** Writes a tar archive of the entries, gzipped when the name ends in .gz or .tgz. */
    public static void tar(Path archive, Map<String, byte[]> entries) throws IOException {
        String name = archive.getFileName().toString();
        try (OutputStream file = Files.newOutputStream(archive);
             OutputStream out = name.endsWith(".gz") || name.endsWith(".tgz") ? new GZIPOutputStream(file) : file;
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
    }
}
