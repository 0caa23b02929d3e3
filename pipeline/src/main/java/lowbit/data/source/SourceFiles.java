package lowbit.data.source;

import lowbit.LowbitException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/** Source files on any Hadoop filesystem (local paths included), with errors that name the file. */
public final class SourceFiles {
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp");

    /** Loading a Configuration parses its XML resources: once per JVM, not once per file. */
    private static final Configuration CONF = new Configuration();

    private SourceFiles() {
    }

    public static Configuration hadoopConf() {
        return CONF;
    }

    public static FileSystem fs(String path) {
        try {
            return new Path(path).getFileSystem(CONF);
        } catch (IOException e) {
            throw new LowbitException("cannot open filesystem of " + path + ": " + e.getMessage(), e);
        }
    }

    public static boolean exists(String path) {
        try {
            return fs(path).exists(new Path(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean isDirectory(String path) {
        try {
            return fs(path).getFileStatus(new Path(path)).isDirectory();
        } catch (IOException e) {
            return false;
        }
    }

    public static void requireExists(String path, String what) {
        if (!exists(path)) {
            throw new LowbitException(what + " not found: " + path);
        }
    }

    /** Direct children, sorted by name, hidden files skipped. */
    public static List<FileStatus> list(String dir, Predicate<FileStatus> filter) {
        try {
            FileStatus[] children = fs(dir).listStatus(new Path(dir));
            return Arrays.stream(children)
                    .filter(s -> !s.getPath().getName().startsWith("."))
                    .filter(filter)
                    .sorted(Comparator.comparing(s -> s.getPath().getName()))
                    .toList();
        } catch (IOException e) {
            throw new LowbitException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    public static boolean isImageFile(FileStatus status) {
        return status.isFile() && isImageName(status.getPath().getName());
    }

    public static boolean isImageName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    public static byte[] readAll(String path) {
        java.net.URI uri = new Path(path).toUri();
        if (uri.getScheme() == null || uri.getScheme().equals("file")) {
            // Hadoop's local filesystem checks .crc side files on every open: 5x slower for small images
            try {
                return java.nio.file.Files.readAllBytes(java.nio.file.Path.of(uri.getPath()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
        try (FSDataInputStream in = fs(path).open(new Path(path))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Opens a file, gunzipping it when its name ends in .gz. */
    public static InputStream open(String path) {
        try {
            InputStream in = fs(path).open(new Path(path));
            return path.endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
        } catch (IOException e) {
            throw new LowbitException("cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    public static List<String> readLines(String path) {
        String text = new String(readAll(path), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            lines.add(line);
        }
        return lines;
    }

    public static long length(String path) {
        try {
            return fs(path).getFileStatus(new Path(path)).getLen();
        } catch (IOException e) {
            throw new LowbitException("cannot stat " + path + ": " + e.getMessage(), e);
        }
    }

    /** Returns the first of {@code candidates} that exists, or null. */
    public static String firstExisting(List<String> candidates) {
        return candidates.stream().filter(SourceFiles::exists).findFirst().orElse(null);
    }

    /** Sources up to this many bytes in all are fingerprinted by content, larger ones by size and modification time. */
    public static final long CONTENT_FINGERPRINT_BYTES = 1L << 30;

    /**
     * SHA-256 over (path below root, size, and the file's own SHA-256) of the given files, or, above
     * {@link #CONTENT_FINGERPRINT_BYTES} in all, over (path, size, modification time): it changes with the files and
     * survives moving the whole dataset, and for all but the largest sets also a copy that resets the times.
     */
    public static String fingerprint(String root, List<FileStatus> files) {
        return fingerprint(root, files, CONTENT_FINGERPRINT_BYTES);
    }

    static String fingerprint(String root, List<FileStatus> files, long contentLimit) {
        String prefix = new Path(root).toUri().getPath();
        boolean byContent = files.stream().mapToLong(FileStatus::getLen).sum() <= contentLimit;
        MessageDigest digest = sha256();
        digest.update((byContent ? "content\n" : "modification-time\n").getBytes(StandardCharsets.UTF_8));
        for (FileStatus f : files) {
            String path = f.getPath().toUri().getPath();
            String relative = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
            String identity = byContent ? contentHash(f.getPath()) : Long.toString(f.getModificationTime());
            digest.update((relative + "\t" + f.getLen() + "\t" + identity + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String contentHash(Path file) {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = fs(file.toString()).open(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
        } catch (IOException e) {
            throw new LowbitException("cannot read " + file + " to fingerprint it: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static FileStatus status(String path) {
        try {
            return fs(path).getFileStatus(new Path(path));
        } catch (IOException e) {
            throw new LowbitException("cannot stat " + path + ": " + e.getMessage(), e);
        }
    }

    public static String child(String dir, String name) {
        return new Path(dir, name).toString();
    }
}
