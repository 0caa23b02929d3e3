package lowbit.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import lowbit.config.LowbitConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
        assertEquals(Cell.idOf(user.withFallback(before).resolve()), Cell.idOf(user.withFallback(before).resolve(), before));
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
