package lowbit.sweep;

import com.typesafe.config.ConfigFactory;
import lowbit.config.ConfigError;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class SweepGridTest {
    private static List<Map<String, Object>> expand(String hocon) {
        return SweepGrid.expand(ConfigFactory.parseString("grid = " + hocon).getObjectList("grid"), "grid");
    }

    @Test
    void productZipPlainAndWith() {
        List<Map<String, Object>> cells = expand("""
                [ { product { method = [ptq, qgt], bits = [4, 2] }, with { epochs = 3 } },
                  { zip { qgt.lambda = [100, 300], seed = [1, 2] } },
                  { method = rvsm, rvsm { beta = 0.01 } } ]""");
        assertEquals(4 + 2 + 1, cells.size());
        assertEquals(Map.of("bits", 4, "method", "ptq", "epochs", 3), cells.get(0));
        assertEquals(Map.of("bits", 2, "method", "qgt", "epochs", 3), cells.get(3));
        assertEquals(Map.of("qgt.lambda", 300, "seed", 2), cells.get(5));
        assertEquals(Map.of("method", "rvsm", "rvsm.beta", 0.01), cells.get(6));
    }

    @Test
    void thenCombinesBlocks() {
        List<Map<String, Object>> cells = expand("[ { product { seed = [1, 2] }, then = [ { method = none }, { product { method = [ptq], bits = [8, 2] } } ] } ]");
        assertEquals(6, cells.size());
        assertTrue(cells.contains(Map.of("seed", 2, "method", "ptq", "bits", 8)));
    }

    @Test
    void zipOfUnequalListsIsAnError() {
        ConfigError e = assertThrows(ConfigError.class, () -> expand("[ { zip { a = [1, 2], b = [1] } } ]"));
        assertTrue(e.getMessage().contains("equal lengths"), e.getMessage());
        ConfigError scalar = assertThrows(ConfigError.class, () -> expand("[ { product { a = 1 } } ]"));
        assertTrue(scalar.getMessage().contains("grid[0].product.a must be a list"), scalar.getMessage());
    }
}
