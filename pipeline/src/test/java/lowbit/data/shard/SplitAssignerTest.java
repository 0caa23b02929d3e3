package lowbit.data.shard;

import lowbit.config.ConfigError;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class SplitAssignerTest {

    @Test
    void foldsModePutsEveryRecordInOneOfKBalancedFoldsIgnoringSourceSplits() {
        SplitAssigner folds = new SplitAssigner("folds", 0.8, 0.1, 0.1, 0, 5, 7);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            String split = folds.assign("person/img_" + i + ".png", i % 2 == 0 ? "train" : "test");
            assertEquals(split, folds.assign("person/img_" + i + ".png", null), "the source's split does not matter");
            counts.merge(split, 1, Integer::sum);
        }
        assertEquals(5, counts.size(), counts.toString());
        for (int f = 0; f < 5; f++) {
            int n = counts.get("fold-" + f);
            assertTrue(Math.abs(n - 2000) < 150, "fold-" + f + " holds " + n + " of 10000"); // 4 sigma of a binomial
        }
        SplitAssigner otherSeed = new SplitAssigner("folds", 0.8, 0.1, 0.1, 0, 5, 8);
        long moved = java.util.stream.IntStream.range(0, 1000)
                .filter(i -> !folds.assign("x" + i, null).equals(otherSeed.assign("x" + i, null))).count();
        assertTrue(moved > 700, "another seed reshuffles the folds (" + moved + " of 1000 moved)");
    }

    @Test
    void badModesAndFoldCountsNameTheKey() {
        assertTrue(assertThrows(ConfigError.class, () -> new SplitAssigner("folds", 0.8, 0.1, 0.1, 0, 1, 0))
                .getMessage().contains("lowbit.shard.split.folds"));
        assertTrue(assertThrows(ConfigError.class, () -> new SplitAssigner("kfold", 0.8, 0.1, 0.1, 0, 5, 0))
                .getMessage().contains("lowbit.shard.split.mode"));
    }
}
