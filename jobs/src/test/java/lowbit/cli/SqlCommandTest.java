package lowbit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lowbit.sweep.SeedCellRunner;
import lowbit.sweep.SweepRunner;
import lowbit.sweep.SweepRunnerTest;
import lowbit.testing.TestSpark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("spark")
class SqlCommandTest {
    @TempDir
    Path tmp;

    @Test
    void queriesTheSweepTablesAsCsvAndJson() throws Exception {
        Path sweep = tmp.resolve("sweep");
        new SweepRunner(TestSpark.session(), SweepRunnerTest.spec(sweep, "[1, 2]"), new SeedCellRunner(0)).run();

        LowbitCliTest.Run csv = LowbitCliTest.lowbit("sql", "--master", "local[1]", "--sweep", sweep.toString(),
                "SELECT method, count(*) AS n, round(avg(accuracy), 3) AS acc FROM cells GROUP BY method ORDER BY method");
        assertEquals(0, csv.exit(), csv.err());
        assertEquals(List.of("method,n,acc", "none,2,0.015", "ptq,2,0.515"), csv.out().lines().toList());

        LowbitCliTest.Run json = LowbitCliTest.lowbit("sql", "--sweep", sweep.toString(), "--json", "--master", "local[1]",
                "SELECT c.cell_id, count(e.epoch) AS epochs, first(c.versions) AS versions FROM cells c JOIN epochs e ON c.cell_id = e.cell_id GROUP BY c.cell_id");
        assertEquals(0, json.exit(), json.err());
        List<String> lines = json.out().lines().toList();
        assertEquals(4, lines.size());
        JsonNode row = new ObjectMapper().readTree(lines.get(0));
        assertEquals(2, row.path("epochs").asInt());
        assertTrue(row.path("versions").has("spark"));

        LowbitCliTest.Run bad = LowbitCliTest.lowbit("sql", "--sweep", sweep.toString(), "--master", "local[1]", "SELECT nope FROM cells");
        assertEquals(LowbitCli.USER_ERROR, bad.exit());
        assertTrue(bad.err().contains("SQL error"), bad.err());
    }
}
