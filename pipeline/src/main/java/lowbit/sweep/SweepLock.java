package lowbit.sweep;

import lowbit.LowbitException;
import lowbit.data.source.SourceFiles;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;

/**
 * One writer per sweep folder: a lock file created atomically, holding host and pid. A lock left by a
 * killed run on this host (its pid is gone) is taken over; any other is an error naming the holder.
 */
public final class SweepLock implements AutoCloseable {
    private final FileSystem fs;
    private final Path file;

    private SweepLock(FileSystem fs, Path file) {
        this.fs = fs;
        this.file = file;
    }

    public static SweepLock acquire(String dir) {
        FileSystem fs = SourceFiles.fs(dir);
        Path file = new Path(dir, "_lock");
        String me = host() + " " + ProcessHandle.current().pid() + " " + Instant.now();
        try {
            fs.mkdirs(new Path(dir));
            for (int attempt = 0; attempt < 2; attempt++) {
                if (fs.createNewFile(file)) {
                    try (FSDataOutputStream out = fs.create(file, true)) {
                        out.write(me.getBytes(StandardCharsets.UTF_8));
                    }
                    return new SweepLock(fs, file);
                }
                String holder = new String(SourceFiles.readAll(file.toString()), StandardCharsets.UTF_8).strip();
                if (!isStale(holder)) {
                    throw new LowbitException("sweep " + dir + " is being written by another run (" + holder
                            + "); if that run is dead, delete " + file);
                }
                fs.delete(file, false);
            }
            throw new LowbitException("cannot take the lock " + file);
        } catch (IOException e) {
            throw new LowbitException("cannot lock " + dir + ": " + e.getMessage(), e);
        }
    }

    /** "host pid time": stale when written on this host by a process that no longer runs (or unreadable). */
    static boolean isStale(String holder) {
        String[] parts = holder.split(" ");
        if (parts.length < 2) {
            return true;
        }
        try {
            long pid = Long.parseLong(parts[1]);
            return parts[0].equals(host()) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)
                    && !Files.exists(java.nio.file.Path.of("/proc", String.valueOf(pid)));
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    @Override
    public void close() {
        try {
            fs.delete(file, false);
        } catch (IOException ignored) {
            // a leftover lock of a dead process is taken over by the next run
        }
    }
}
