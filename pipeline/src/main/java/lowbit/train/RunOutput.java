package lowbit.train;

import lowbit.LowbitException;
import lowbit.data.source.SourceFiles;
import org.apache.hadoop.fs.FileSystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A train run's output folder: a local path, or any Hadoop filesystem URI (hdfs://...). Results are always written
 * into a local folder (atomically, by {@link AtomicFiles}); for a remote output that folder is a staging copy and
 * {@link #publish} copies one result beside its remote target, deletes the old version and renames the copy into
 * place: remote readers never see a partial result (for a moment, none).
 *
 * @param local  where results are written first (the output itself when it is local)
 * @param remote the output's filesystem when it is not local, else null
 */
public record RunOutput(String location, Path local, FileSystem remote) {

    public static RunOutput of(String location) {
        URI uri = new org.apache.hadoop.fs.Path(location).toUri();
        if (uri.getScheme() == null || uri.getScheme().equals("file")) {
            return new RunOutput(location, Path.of(uri.getPath()), null);
        }
        try {
            Path staging = Files.createTempDirectory("lowbit-run-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    AtomicFiles.delete(staging);
                } catch (IOException ignored) {
                    // a leftover in the temp folder
                }
            }));
            return new RunOutput(location, staging, SourceFiles.fs(location));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a local staging folder for " + location, e);
        }
    }

    public static RunOutput of(Path local) {
        return new RunOutput(local.toString(), local, null);
    }

    @Override
    public String toString() {
        return location;
    }

    private org.apache.hadoop.fs.Path remote(String name) {
        return new org.apache.hadoop.fs.Path(location, name);
    }

    /** Whether the output holds {@code name}. */
    public boolean has(String name) {
        try {
            return remote == null ? Files.exists(local.resolve(name)) : remote.exists(remote(name));
        } catch (IOException e) {
            throw new LowbitException("cannot read " + remote(name) + ": " + e.getMessage(), e);
        }
    }

    /** Copies {@code name} from a remote output into the local staging folder (a no-op for a local output). */
    public void fetch(String name) {
        if (remote == null) {
            return;
        }
        try {
            remote.copyToLocalFile(false, remote(name), new org.apache.hadoop.fs.Path(local.resolve(name).toUri()), true);
        } catch (IOException e) {
            throw new LowbitException("cannot read " + remote(name) + ": " + e.getMessage(), e);
        }
    }

    /** Publishes the local {@code name} (file or folder) to a remote output (a no-op for a local output). */
    public void publish(String name) {
        if (remote == null) {
            return;
        }
        org.apache.hadoop.fs.Path target = remote(name);
        org.apache.hadoop.fs.Path tmp = remote("." + name + ".tmp");
        try {
            remote.delete(tmp, true);
            remote.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.resolve(name).toUri()), tmp);
            remote.delete(target, true);
            if (!remote.rename(tmp, target)) {
                throw new IOException("rename of " + tmp + " refused");
            }
        } catch (IOException e) {
            throw new LowbitException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
