package lowbit.cli;

import lowbit.testing.SharedData;
import lowbit.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** lowbit sweep as a user types it: raw Fashion-MNIST in, shards, three real cells, tables and report out. */
@Tag("spark")
@Tag("data")
class SweepCommandTest {
    @TempDir
    Path tmp;

    @Test
    void everySweepConfigInConfSweepsExpands() throws Exception {
        Path root = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."));
        try (var confs = Files.list(root.resolve("conf/sweeps"))) {
            for (Path conf : confs.filter(p -> p.toString().endsWith(".conf")).toList()) {
                // each sweep's raw dataset, as this team keeps it in ../shared/data
                String dataset = lowbit.config.LowbitConfig.load(conf, List.of(), "sweep").getString("lowbit.shard.dataset");
                String input = switch (dataset) {
                    case "vww96", "vww96-rgb" -> "vww96";
                    case "cifar10-jpeg" -> "cifar10";
                    default -> "fashion-mnist";
                };
                LowbitCliTest.Run dry = LowbitCliTest.lowbit("sweep", "--conf", conf.toString(), "--output",
                        tmp.resolve("dry").toString(), "--dry-run", "lowbit.shard.input=" + SharedData.path(input));
                assertEquals(0, dry.exit(), conf + ": " + dry.err());
                assertTrue(dry.out().matches("(?s)\\d+ cells of sweep .*"), dry.out());
            }
        }
    }

    @Test
    void sweepShardsTrainsQuantizesAndResumes() throws Exception {
        Path conf = tmp.resolve("tiny.conf");
        Files.writeString(conf, RepositoryConf.include("conf/datasets/fashion-mnist.conf")
                + RepositoryConf.include("conf/experiments/fashion-mnist-lenet.conf")
                + "lowbit.shard.input = \"" + SharedData.path("fashion-mnist") + "\"\n"
                + "lowbit.experiment.layer-sensitivity = false\n"
                + "lowbit.train { epochs = 1, max-steps-per-epoch = 8, eval-splits = [\"test\"] }\n"
                + "lowbit.sweep { shard = true, data-cache = \"" + tmp.resolve("data") + "\", parallel-cells = 2, grid = [\n"
                + "  { method = none }\n"
                + "  { method = ptq, bits = 2, from { method = none, bits = null } }\n"
                + "  { method = qat, bits = 4, from { method = none, bits = null } } ] }\n");
        Path out = tmp.resolve("sweep");

        LowbitCliTest.Run dry = LowbitCliTest.lowbit("sweep", "--conf", conf.toString(), "--output", out.toString(), "--dry-run");
        assertEquals(0, dry.exit(), dry.err());
        assertTrue(dry.out().startsWith("3 cells of sweep tiny:"), dry.out());

        LowbitCliTest.Run run = LowbitCliTest.lowbit("sweep", "--master", "local[2]", "--conf", conf.toString(), "--output", out.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("3 cells, 0 already done, 3 finished now, 0 failed"), run.out());
        assertTrue(Files.exists(out.resolve("report/index.html")));

        List<Row> cells = TestSpark.session().read().parquet(out.resolve("cells").toString())
                .select("method", "bits", "status", "accuracy", "float_accuracy", "packed_bytes", "float_bytes").collectAsList();
        assertEquals(3, cells.size());
        for (Row r : cells) {
            assertEquals("ok", r.getString(2), r.toString());
            assertTrue(r.getDouble(3) > 0.1 && r.getDouble(3) <= 1.0, "a real accuracy: " + r);
            if (!r.isNullAt(1)) {
                assertTrue(r.getLong(5) < r.getLong(6) / 7, "packed at " + r.getInt(1) + " bits is far smaller: " + r);
            }
        }
        Row ptq = cells.stream().filter(r -> r.getString(0).equals("ptq")).findFirst().orElseThrow();
        Row none = cells.stream().filter(r -> r.getString(0).equals("none")).findFirst().orElseThrow();
        assertEquals(none.getDouble(3), ptq.getDouble(4), 1e-12, "PTQ quantizes its float cell's model");
        assertTrue(Files.exists(out.resolve("artifacts")));

        LowbitCliTest.Run again = LowbitCliTest.lowbit("sweep", "--master", "local[2]", "--conf", conf.toString(), "--output", out.toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("3 cells, 3 already done, 0 finished now, 0 failed"), again.out());
    }
}
