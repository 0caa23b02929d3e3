package lowbit.cli;

import lowbit.sweep.SeedCellRunner;
import lowbit.sweep.SweepRunner;
import lowbit.sweep.SweepRunnerTest;
import lowbit.testing.TestSpark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("spark")
class ReportCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheReportAgainFromTheTables() throws Exception {
        Path sweep = tmp.resolve("sweep");
        new SweepRunner(TestSpark.session(), SweepRunnerTest.spec(sweep, "[1, 2]"), new SeedCellRunner(0)).run();
        Path index = sweep.resolve("report/index.html");
        Files.deleteIfExists(index);
        assertFalse(Files.exists(index));

        LowbitCliTest.Run report = LowbitCliTest.lowbit("report", "--master", "local[1]", "--sweep", sweep.toString());
        assertEquals(0, report.exit(), report.err());
        assertTrue(report.out().contains("report: ") && report.out().contains("index.html"), report.out());
        String html = Files.readString(index);
        assertTrue(html.contains("Accuracy vs packed size") && html.contains("accuracy_vs_size.png"), html);
        assertTrue(Files.size(sweep.resolve("report/accuracy_vs_size.png")) > 0);

        Path empty = tmp.resolve("no-sweep");
        Files.createDirectories(empty);
        LowbitCliTest.Run bad = LowbitCliTest.lowbit("report", "--master", "local[1]", "--sweep", empty.toString());
        assertEquals(LowbitCli.USER_ERROR, bad.exit());
        assertTrue(bad.err().contains(empty.toString()) && bad.err().contains("no cells table"), bad.err());
    }
}
