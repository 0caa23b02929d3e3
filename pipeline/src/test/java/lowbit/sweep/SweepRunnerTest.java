package lowbit.sweep;

import lowbit.data.ResultTable;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import lowbit.LowbitException;
import lowbit.config.ConfigError;
import lowbit.config.LowbitConfig;
import lowbit.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("spark")
@Tag("cluster")
public class SweepRunnerTest {
    @TempDir
    Path tmp;

    /** Seeds x {float, ptq from float}: ptq cells build on their seed's float cell. */
    public static SweepSpec spec(Path output, String seeds, String... extra) {
        String hocon = "lowbit.sweep { name = test, output = \"" + output + "\", parallel-cells = 2, grid = [\n"
                + "  { product { lowbit.shard.seed = " + seeds + " }, then = [ { lowbit.shard.shards = 1 },\n"
                + "    { lowbit.shard.shards = 2, from { lowbit.shard.shards = 1 } } ] } ] }\n" + String.join("\n", extra);
        Config config = LowbitConfig.validate(ConfigFactory.parseString(hocon));
        return SweepSpec.from(config, "test");
    }

    private static Map<String, Row> cells(Path output) {
        Map<String, Row> byId = new HashMap<>();
        for (Row r : TestSpark.session().read().parquet(output.resolve("cells").toString()).collectAsList()) {
            assertTrue(byId.put(r.getAs("cell_id"), r) == null, "no duplicate cell rows");
        }
        return byId;
    }

    @Test
    void cellsRunOnceRecordFailuresAndBuildOnTheirBase() {
        Path out = tmp.resolve("sweep");
        SweepSpec spec = spec(out, "[1, 2, 13]");
        assertEquals(6, spec.cells().size());
        SweepRunner.Summary first = new SweepRunner(TestSpark.session(), spec, new SeedCellRunner(0)).run();
        assertEquals(new SweepRunner.Summary(6, 0, 4, 2), first);

        Map<String, Row> rows = cells(out);
        assertEquals(6, rows.size());
        for (Cell cell : spec.cells()) {
            Row r = rows.get(cell.id());
            long seed = cell.config().getLong("lowbit.shard.seed");
            if (seed == 13) {
                assertEquals(SweepRunner.FAILED, r.getAs("status"));
                assertTrue(((String) r.getAs("error")).contains("seed 13 is unlucky")
                        || ((String) r.getAs("error")).contains("did not finish"), (String) r.getAs("error"));
            } else {
                boolean derived = spec.baseOf(cell.id()) != null;
                assertEquals(SweepRunner.OK, r.getAs("status"));
                assertEquals((derived ? 0.5 : 0.0) + seed / 100.0, (double) r.getAs("accuracy"), 1e-12);
                assertEquals(derived ? "ptq" : "none", r.getAs("method"), "method is the partition column");
                assertEquals(derived ? spec.baseOf(cell.id()) : null, r.getAs("base_cell_id"));
            }
        }
        assertEquals(8, TestSpark.session().read().parquet(out.resolve("epochs").toString()).count());
        assertEquals(8, TestSpark.session().read().parquet(out.resolve("layers").toString())
                .where("method = 'ptq' or method = 'none'").count());

        SweepRunner.Summary again = new SweepRunner(TestSpark.session(), spec, new SeedCellRunner(0)).run();
        assertEquals(new SweepRunner.Summary(6, 4, 0, 2), again, "finished cells are skipped, failed ones not retried");
        assertEquals(rows.keySet(), cells(out).keySet());

        SweepSpec retry = spec(out, "[1, 2, 13]", "lowbit.sweep.retry-failed = true");
        assertEquals(new SweepRunner.Summary(6, 4, 0, 2), new SweepRunner(TestSpark.session(), retry, new SeedCellRunner(0)).run());
        assertEquals(6, cells(out).size(), "a retried cell replaces its row");
        assertEquals(8, TestSpark.session().read().parquet(out.resolve("epochs").toString()).count());
    }

    @Test
    void cellIdsDependOnTheExperimentOnly() {
        SweepSpec a = spec(tmp.resolve("a"), "[1, 2]");
        SweepSpec b = spec(tmp.resolve("b"), "[2, 1]", "lowbit.sweep.parallel-cells = 1");
        assertEquals(new HashSet<>(a.cells().stream().map(Cell::id).toList()), new HashSet<>(b.cells().stream().map(Cell::id).toList()));
        assertNotEquals(a.cells().get(0).id(), a.cells().get(1).id());
    }

    @Test
    void badGridKeysAreNamed() {
        Config config = LowbitConfig.validate(ConfigFactory.parseString(
                "lowbit.sweep { output = \"" + tmp + "\", grid = [ { product { lowbit.shard.sedd = [1] } } ] }"));
        ConfigError e = assertThrows(ConfigError.class, () -> SweepSpec.from(config, "x"));
        assertTrue(e.getMessage().contains("lowbit.shard.sedd"), e.getMessage());
    }

    @Test
    void aSecondWriterIsRefused() throws Exception {
        Path out = tmp.resolve("locked");
        Files.createDirectories(out);
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(out.resolve("_lock"), java.net.InetAddress.getLocalHost().getHostName() + " " + sleeper.pid() + " now");
            LowbitException e = assertThrows(LowbitException.class,
                    () -> new SweepRunner(TestSpark.session(), spec(out, "[1]"), new SeedCellRunner(0)).run());
            assertTrue(e.getMessage().contains("is being written by another run"), e.getMessage());
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
        assertEquals(new SweepRunner.Summary(2, 0, 2, 0),
                new SweepRunner(TestSpark.session(), spec(out, "[1]"), new SeedCellRunner(0)).run(), "a dead holder's lock is taken over");
    }

    @Test
    void aKilledDriverLosesNothingAndDuplicatesNothing() throws Exception {
        Path out = tmp.resolve("killed");
        String seeds = "[1, 2, 3, 4, 5]";
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), SweepChild.class.getName(), out.toString(), seeds)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        ResultTable table = new ResultTable(out.resolve("cells").toString(), "sweep_cell.avsc");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (table.names().size() < 3 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(child.isAlive(), "the child was still running when killed: " + Files.readString(tmp.resolve("child.log")));
        child.destroyForcibly().waitFor();
        Set<String> beforeKill = new HashSet<>(table.names());
        assertTrue(beforeKill.size() >= 3 && beforeKill.size() < 10, "killed mid-sweep after " + beforeKill.size() + " cells");
        Map<String, Object> finishedBefore = new HashMap<>();
        cells(out).forEach((id, r) -> finishedBefore.put(id, r.getAs("finished")));

        SweepSpec spec = spec(out, seeds);
        SweepRunner.Summary rerun = new SweepRunner(TestSpark.session(), spec, new SeedCellRunner(0)).run();
        assertEquals(10, rerun.total());
        assertEquals(finishedBefore.size(), rerun.skipped());

        Map<String, Row> after = cells(out);
        assertEquals(new HashSet<>(spec.cells().stream().map(Cell::id).toList()), after.keySet(), "every cell exactly once");
        finishedBefore.forEach((id, finished) -> assertEquals(finished, after.get(id).getAs("finished"), "cells finished before the kill were not rerun"));
        Path uninterrupted = tmp.resolve("uninterrupted");
        new SweepRunner(TestSpark.session(), spec(uninterrupted, seeds), new SeedCellRunner(0)).run();
        Map<String, Row> reference = cells(uninterrupted);
        assertEquals(reference.keySet(), after.keySet());
        reference.forEach((id, r) -> assertEquals((Object) r.getAs("accuracy"), after.get(id).getAs("accuracy")));
    }
}
