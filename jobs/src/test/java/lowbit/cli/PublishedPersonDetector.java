package lowbit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import lowbit.testing.SharedData;

/**
 * The published MLPerf Tiny person detector (a float Keras .h5) and the 1,000 real Visual Wake Words images, as the CLI
 * tests get them with bin/lowbit: the images sharded in colour (96x96x3), 80 % train and 20 % test by record hash (776
 * and 224 images), and the model imported into a lowbit model file.
 */
final class PublishedPersonDetector {
    static final Path H5 = SharedData.root().getParent().resolve("models/mlperf-tiny-vww-mobilenet_v1_0.25_96.h5");

    private PublishedPersonDetector() {
    }

    /** lowbit shard of the 1,000 images into {@code dir}. */
    static Path shard(Path dir) {
        CliRun shard = CliRun.of("shard", "--conf", "../conf/datasets/vww96-rgb.conf", "--input", SharedData.path("vww96").toString(),
                "--output", dir.toString(), "--master", "local[2]", "split.train=0.8", "split.val=0", "split.test=0.2");
        assertEquals(0, shard.exitCode(), shard.out() + shard.err());
        return dir;
    }

    /** lowbit import of the .h5 into {@code dir} (dir/model.zip, checked and recorded on the torch engine). */
    static CliRun importInto(Path dir) {
        CliRun run = CliRun.of("import", "--format", "keras-h5", "--input", H5.toString(), "--output", dir.toString(),
                "--classes", "non_person,person");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        return run;
    }
}
