package lowbit.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import lowbit.config.LowbitConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@Tag("unit")
class CellIdTest {
    private static String id(String hocon) {
        return Cell.idOf(LowbitConfig.validate(ConfigFactory.parseString(hocon)));
    }

    @Test
    void anUpgradeThatAddsASettingKeepsTheIds() {
        Config user = ConfigFactory.parseString("lowbit.train.seed = 3\nlowbit.train.epochs = 9");
        Config before = LowbitConfig.validate(ConfigFactory.empty());
        Config after = ConfigFactory.parseString("lowbit.train.new-setting = 5, lowbit.experiment.other = [a]").withFallback(before);
        assertEquals(Cell.idOf(user.withFallback(before).resolve(), before), Cell.idOf(user.withFallback(after).resolve(), after));
    }

    @Test
    void torchBecomingTheDefaultEngineKeepsEveryFinishedId() {
        Config now = LowbitConfig.validate(ConfigFactory.empty());
        Config before = now.withValue("lowbit.train.engine", ConfigValueFactory.fromAnyRef("dl4j"));
        Config torchCell = ConfigFactory.parseString("lowbit.train.seed = 3\nlowbit.train.engine = torch");
        Config dl4jCell = ConfigFactory.parseString("lowbit.train.seed = 3\nlowbit.train.engine = dl4j");
        Config unnamed = ConfigFactory.parseString("lowbit.train.seed = 3");
        assertEquals("torch", now.getString("lowbit.train.engine"));
        assertEquals(Cell.idOf(torchCell.withFallback(before).resolve(), before), Cell.idOf(torchCell.withFallback(now).resolve()));
        assertEquals(Cell.idOf(dl4jCell.withFallback(before).resolve(), before), Cell.idOf(dl4jCell.withFallback(now).resolve()));
        assertEquals(Cell.idOf(unnamed.withFallback(now).resolve()), Cell.idOf(torchCell.withFallback(now).resolve()),
                "a cell that names no engine now trains on torch: it is the torch cell, not the finished dl4j one");
    }

    @Test
    void namingADefaultValueIsTheSameExperimentAsLeavingItOut() {
        Config defaults = LowbitConfig.validate(ConfigFactory.empty());
        assertEquals(id("lowbit.train.seed = 3"), id("lowbit.train.seed = 3\nlowbit.train.epochs = " + defaults.getInt("lowbit.train.epochs")));
    }

    @Test
    void anyChangedSettingChangesTheId() {
        String base = id("lowbit.train.seed = 3");
        assertNotEquals(base, id("lowbit.train.seed = 4"));
        assertNotEquals(base, id("lowbit.train.seed = 3\nlowbit.train.qgt.lambda = 17"));
        assertNotEquals(base, id("lowbit.train.seed = 3\nlowbit.train.eval-splits = [val]"));
    }

    @Test
    void sweepAndSparkSettingsAreNotPartOfTheExperiment() {
        assertEquals(id("lowbit.train.seed = 3"),
                id("lowbit.train.seed = 3\nlowbit.sweep.parallel-cells = 7\nlowbit.spark.master = \"local[1]\""));
    }
}
