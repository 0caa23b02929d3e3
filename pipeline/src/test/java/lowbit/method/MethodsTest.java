package lowbit.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import lowbit.admm.AdmmRegularizer;
import lowbit.config.ConfigError;
import lowbit.config.LowbitConfig;
import lowbit.qat.FakeQuantization;
import lowbit.qgt.QgtRegularizer;
import lowbit.rvsm.RvsmRegularizer;
import lowbit.train.TrainSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The registry: every method by name, read once into settings that say what each adds to training. */
@Tag("unit")
class MethodsTest {

    private static Config train(String... settings) {
        List<String> all = new ArrayList<>(List.of("data=unused"));
        all.addAll(List.of(settings));
        return LowbitConfig.load(null, all, "train").getConfig("lowbit.train");
    }

    @Test
    void everyMethodIsRegisteredAndReadsItsDefaults() {
        assertEquals(List.of("qgt", "qat", "rvsm", "admm"), Methods.names());
        for (String name : Methods.names()) {
            MethodSettings s = Methods.named(name).read(train());
            assertEquals(name, s.method());
        }
    }

    @Test
    void theChosenMethodsSayWhatTheyAddToTraining() {
        List<MethodSettings> chosen = Methods.chosen(train("methods=[rvsm, qgt, qat]", "qgt.lambda=3000",
                "rvsm.lambda=1e-6", "rvsm.beta=0.01"));
        assertEquals(List.of("rvsm", "qgt", "qat"), chosen.stream().map(MethodSettings::method).toList());
        assertTrue(chosen.get(0).regularizer() instanceof RvsmRegularizer);
        assertEquals(List.of("threshold=l0", "lambda=0.000001", "beta=0.01"), chosen.get(0).summary());
        assertTrue(chosen.get(1).regularizer() instanceof QgtRegularizer);
        assertEquals(List.of("lambda=3000"), chosen.get(1).summary());
        assertTrue(chosen.get(1).finish() == null || chosen.get(1).finish().quantizer() instanceof FakeQuantization);
        assertNull(chosen.get(2).regularizer());
        assertTrue(chosen.get(2).transform() instanceof FakeQuantization);
        assertEquals(List.of(), chosen.get(2).summary());
    }

    @Test
    void onlyStatelessRegularizersRunInsideDl4j() {
        List<MethodSettings> all = Methods.chosen(train("methods=[qgt, qat, rvsm, admm]"));
        assertEquals(List.of(true, false, true, false), all.stream().map(MethodSettings::runsInsideDl4j).toList());
        assertTrue(all.get(3).regularizer() instanceof AdmmRegularizer);
        assertTrue(all.get(3).regularizer().keepsState());
    }

    @Test
    void badNamesAndValuesAreErrorsNamingTheKey() {
        ConfigError unknown = assertThrows(ConfigError.class, () -> Methods.chosen(train("methods=[qgt, pruning]")));
        assertTrue(unknown.getMessage().contains("lowbit.train.methods") && unknown.getMessage().contains("pruning"),
                unknown.getMessage());
        assertThrows(ConfigError.class, () -> Methods.chosen(train("methods=[qgt, qgt]")));
        ConfigError beta = assertThrows(ConfigError.class, () -> Methods.check(train("rvsm.beta=0")));
        assertTrue(beta.getMessage().contains("lowbit.train.rvsm.beta"), beta.getMessage());
        ConfigError groups = assertThrows(ConfigError.class, () -> Methods.check(train("admm.groups=rows")));
        assertTrue(groups.getMessage().contains("lowbit.train.admm.groups"), groups.getMessage());
    }

    @Test
    void theTrainSpecSummarizesItsMethodsForTheCellsTable() {
        TrainSpec spec = TrainSpec.from(LowbitConfig.load(null, List.of("data=unused", "methods=[qgt, rvsm]",
                "qgt.lambda=300", "rvsm.threshold=group-l0", "rvsm.group-lasso=0.5"), "train"));
        assertEquals("qgt lambda=300; rvsm threshold=group-l0 lambda=0.000001 beta=0.01 group-lasso=0.5",
                spec.methodSummary());
        assertNull(TrainSpec.from(LowbitConfig.load(null, List.of("data=unused", "methods=[qat]"), "train")).methodSummary());
        assertFalse(spec.regularizers().isEmpty());
    }
}
