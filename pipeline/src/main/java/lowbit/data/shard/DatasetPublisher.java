package lowbit.data.shard;

import lowbit.LowbitException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Makes a dataset visible atomically: everything is written into a hidden staging folder beside the
 * output, the manifest last, then the staging folder is renamed onto the output. A failed run leaves
 * nothing where a reader looks; a replaced dataset is moved aside first and deleted only after the
 * new one is in place.
 */
public final class DatasetPublisher {
    private final FileSystem fs;
    private final Path output;
    private final Path staging;

    public DatasetPublisher(String output, Configuration conf) {
        try {
            this.output = new Path(output);
            this.fs = this.output.getFileSystem(conf);
            Path qualified = fs.makeQualified(this.output);
            this.staging = new Path(qualified.getParent(), "." + qualified.getName() + ".staging-" + UUID.randomUUID());
        } catch (IOException e) {
            throw new LowbitException("cannot open output filesystem for " + output + ": " + e.getMessage(), e);
        }
    }

    /** Refuses an output that holds something, unless it is a dataset and overwrite is on. */
    public void checkTarget(boolean overwrite) {
        try {
            if (!fs.exists(output)) {
                return;
            }
            boolean isDataset = fs.exists(new Path(output, Manifest.FILE));
            if (!isDataset && fs.getFileStatus(output).isDirectory() && fs.listStatus(output).length == 0) {
                return;
            }
            if (!isDataset) {
                throw new LowbitException("output " + output + " exists and is not a lowbit dataset (no "
                        + Manifest.FILE + "); refusing to replace it");
            }
            if (!overwrite) {
                throw new LowbitException("output " + output + " already holds a dataset; pass --overwrite to replace it");
            }
        } catch (IOException e) {
            throw new LowbitException("cannot check output " + output + ": " + e.getMessage(), e);
        }
    }

    public String staging() {
        return staging.toString();
    }

    public void writeStagedFile(String name, String content) {
        try (OutputStream out = fs.create(new Path(staging, name), false)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LowbitException("cannot write " + new Path(staging, name) + ": " + e.getMessage(), e);
        }
    }

    public void publish() {
        try {
            Path replaced = null;
            if (fs.exists(output) && fs.getFileStatus(output).isDirectory() && fs.listStatus(output).length == 0) {
                fs.delete(output, false);
            }
            if (fs.exists(output)) {
                replaced = new Path(staging.getParent(), "." + output.getName() + ".replaced-" + UUID.randomUUID());
                if (!fs.rename(output, replaced)) {
                    throw new IOException("cannot move the old dataset aside to " + replaced);
                }
            }
            fs.mkdirs(staging.getParent());
            if (!fs.rename(staging, output)) {
                if (replaced != null) {
                    fs.rename(replaced, output);
                }
                throw new IOException("cannot rename " + staging + " to " + output);
            }
            if (replaced != null) {
                fs.delete(replaced, true);
            }
        } catch (IOException e) {
            throw new LowbitException("cannot publish dataset at " + output + ": " + e.getMessage(), e);
        }
    }

    /** Removes the staging folder after a failure. */
    public void abandon() {
        try {
            fs.delete(staging, true);
        } catch (IOException ignored) {
            // best effort: a hidden staging folder is never read as a dataset
        }
    }
}
