package lowbit.data.source;

import lowbit.LowbitException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.hadoop.fs.Path;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Tar archives ({@code .tar}, {@code .tar.gz}, {@code .tgz}) on any Hadoop filesystem, read as one stream
 * (a gzip stream cannot be split). Entry names are normalized to the paths the files would have if the
 * archive were unpacked in place: no leading {@code ./} or {@code /}; hidden files (a component starting
 * with a dot, such as macOS {@code ._} files) are skipped as a folder listing skips them.
 */
public final class TarArchives {
    private static final List<String> SUFFIXES = List.of(".tar", ".tar.gz", ".tgz");

    private TarArchives() {
    }

    public static boolean isArchive(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    /** Opens an archive, gunzipping it when it starts with the gzip magic number (whatever its name says). */
    public static TarArchiveInputStream open(String archive) throws IOException {
        InputStream in = new BufferedInputStream(SourceFiles.fs(archive).open(new Path(archive)), 1 << 16);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return new TarArchiveInputStream(gzip ? new GZIPInputStream(in, 1 << 16) : in);
    }

    /** The next regular, visible file entry, or null at the end of the archive. */
    public static TarArchiveEntry nextFile(TarArchiveInputStream tar) throws IOException {
        for (TarArchiveEntry e = tar.getNextTarEntry(); e != null; e = tar.getNextTarEntry()) {
            if (e.isFile() && !isHidden(normalize(e.getName()))) {
                return e;
            }
        }
        return null;
    }

    /** Every regular, visible file's normalized path, in archive order; damage is an error naming the archive. */
    public static List<String> fileNames(String archive) {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = open(archive)) {
            for (TarArchiveEntry e = nextFile(tar); e != null; e = nextFile(tar)) {
                names.add(normalize(e.getName()));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new LowbitException("damaged tar archive " + archive + (names.isEmpty() ? "" : " after entry "
                    + names.get(names.size() - 1)) + ": " + e.getMessage(), e);
        }
        if (names.isEmpty()) {
            throw new LowbitException("tar archive " + archive + " holds no files");
        }
        return names;
    }

    static String normalize(String name) {
        String n = name.replace('\\', '/');
        while (n.startsWith("./") || n.startsWith("/")) {
            n = n.substring(n.startsWith("/") ? 1 : 2);
        }
        return n;
    }

    private static boolean isHidden(String path) {
        for (String part : path.split("/")) {
            if (part.startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
