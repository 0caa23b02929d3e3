package lowbit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class RvscgdCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheIterationTableAndTheChart() throws Exception {
        Path out = tmp.resolve("rvscgd");
        CliRun run = CliRun.of("experiment", "rvscgd", "--output", out.toString(), "iterations=400", "thresholds=[l0, l1]");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("l0             iteration 400: angle(u, w*)"), run.out());
        assertTrue(run.out().contains("target met from iteration"), run.out());
        for (String threshold : new String[] {"l0", "l1"}) {
            Path part = out.resolve("iterations/threshold=" + threshold + "/part-rvscgd.parquet");
            assertTrue(Files.size(part) > 0, part.toString());
        }
        assertTrue(Files.size(out.resolve("angle.png")) > 1000);
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(2, files.filter(p -> !p.getFileName().toString().startsWith(".")).count());
        }
    }

    @Test
    void badInputExitsWithTwoAndNamesTheKey() {
        CliRun typo = CliRun.of("experiment", "rvscgd", "--output", tmp.toString(), "l1.lamda=1");
        assertEquals(LowbitCli.USER_ERROR, typo.exitCode());
        assertTrue(typo.err().contains("unknown config key 'lowbit.rvscgd.l1.lamda'"), typo.err());
        CliRun value = CliRun.of("experiment", "rvscgd", "--output", tmp.toString(), "teacher-nonzeros=0");
        assertEquals(LowbitCli.USER_ERROR, value.exitCode());
        assertTrue(value.err().contains("lowbit.rvscgd.teacher-nonzeros must be at least 1"), value.err());
        assertEquals(LowbitCli.USER_ERROR, CliRun.of("experiment").exitCode());
        CliRun help = CliRun.of("experiment", "rvscgd", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("l0.lambda = 1.0E-5"), help.out());
        assertTrue(help.out().contains("thresholds = [\"l0\",\"l1\",\"transformed-l1\"]"), help.out());
        assertTrue(!help.out().contains("lowbit.spark"), "no Spark keys for a command without Spark");
    }
}
