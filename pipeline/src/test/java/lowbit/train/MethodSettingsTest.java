package lowbit.train;

import lowbit.qgt.QgtRegularizer;
import com.typesafe.config.ConfigFactory;
import lowbit.config.ConfigError;
import lowbit.config.LowbitConfig;
import lowbit.model.graph.ParamView;
import lowbit.sweep.SweepSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad method settings fail before training with an error that names the key. */
@Tag("unit")
class MethodSettingsTest {

    private static TrainSpec spec(String... settings) {
        List<String> all = new ArrayList<>(List.of("data=unused"));
        all.addAll(List.of(settings));
        return TrainSpec.from(LowbitConfig.load(null, all, "train"));
    }

    private static void assertRejected(String key, String... settings) {
        ConfigError e = assertThrows(ConfigError.class, () -> spec(settings), String.join(" ", settings));
        assertTrue(e.getMessage().contains(key), "'" + e.getMessage() + "' names " + key);
    }

    @Test
    void negativeWeightsAndFractionsOutsideZeroToOneAreRejected() {
        assertRejected("lowbit.train.qgt.lambda", "qgt.lambda=-300");
        assertRejected("lowbit.train.qgt.finish-epochs", "qgt.finish-epochs=-1");
        assertRejected("lowbit.train.qgt.finish-lr-factor", "qgt.finish-lr-factor=0");
        assertRejected("lowbit.train.qgt.finish-lr-schedule", "qgt.finish-lr-schedule=linear");
        assertRejected("lowbit.train.qgt.bits", "qgt.bits=9");
        assertRejected("lowbit.train.rvsm.lambda", "rvsm.lambda=-1e-6");
        assertRejected("lowbit.train.rvsm.beta", "rvsm.beta=-0.01");
        assertRejected("lowbit.train.rvsm.group-lasso", "rvsm.group-lasso=-1e-5");
        assertRejected("lowbit.train.rvsm.threshold", "rvsm.threshold=l2");
        assertRejected("lowbit.train.admm.rho", "admm.rho=-0.01");
        assertRejected("lowbit.train.admm.keep-fraction", "admm.keep-fraction=0");
        assertRejected("lowbit.train.admm.keep-fraction", "admm.keep-fraction=1.5");
        assertRejected("lowbit.train.admm.mode", "admm.mode=filter");
        assertEquals(1, spec("methods=[admm]", "admm.keep-fraction=1").regularizers().size(), "keep-fraction 1 is allowed");
    }

    @Test
    void weightScaleReachesQatQgtAndItsFinishAndBadRulesAreRejected() {
        assertRejected("lowbit.train.weight-scale", "weight-scale=percentile");
        assertEquals(lowbit.quant.ScaleRule.MSE, spec("mode=parameter-averaging", "engine=dl4j", "methods=[qgt]",
                "weight-scale=mse").weightScale(), "DL4J's workers run the same QGT, mse scales included");
        assertRejected("lowbit.train.methods", "mode=parameter-averaging", "engine=dl4j", "methods=[admm]");
        assertRejected("lowbit.train.engine", "mode=parameter-averaging"); // DL4J's training master: the torch default cannot
        TrainSpec mse = spec("methods=[qgt, qat]", "weight-scale=mse");
        assertEquals(lowbit.quant.ScaleRule.MSE, mse.weightScale());
        assertEquals(lowbit.quant.ScaleRule.MSE, ((QgtRegularizer) mse.regularizers().get(0)).scaleRule());
        // at 2 bits, max scales (s = 1) send the channel's 0.5s to 0; the MSE scale (about 0.5) keeps them
        ParamView v = new ParamView("fc/W", lowbit.model.graph.ParamKind.DENSE_WEIGHT, 0, new int[] {1, 8}, 0);
        float[] w = {0.5f, 0.45f, 0.5f, 0.55f, 0.5f, 0.5f, 0.5f, 1f};
        assertEquals(0f, spec("methods=[qat]").transform().apply(w, List.of(v))[0]);
        assertTrue(mse.transform().apply(w, List.of(v))[0] > 0.4f);
        assertTrue(mse.finish().quantizer().apply(w, List.of(v))[0] > 0.4f);
    }

    @Test
    void groupModesOnDenseLayersAreRejectedWhenBoundToTheModel() {
        List<ParamView> lenet = new ModelRecipe("lenet", java.util.Map.of("seed", "1")).build().parameterViews();
        ConfigError rgsm = assertThrows(ConfigError.class, () -> spec("methods=[rvsm]", "rvsm.threshold=group-l0",
                "rvsm.layers=[conv2, fc1]").regularizers().get(0).bind(lenet));
        assertTrue(rgsm.getMessage().startsWith("lowbit.train.rvsm.layers names fc1, a DENSE_WEIGHT layer"), rgsm.getMessage());
        ConfigError admm = assertThrows(ConfigError.class, () -> spec("methods=[admm]", "admm.mode=channel",
                "admm.layers=[fc2]").regularizers().get(0).bind(lenet));
        assertTrue(admm.getMessage().contains("the group mode chosen by lowbit.train.admm.mode groups conv weights"), admm.getMessage());
        spec("methods=[admm]", "admm.mode=channel").regularizers().get(0).bind(lenet);
    }

    @Test
    void aSweepWithABadCellFailsUpFront() {
        String hocon = "lowbit.sweep { output = out, grid = [ { method = none }, { method = rgsm, rvsm.beta = -1 } ] }";
        ConfigError e = assertThrows(ConfigError.class,
                () -> SweepSpec.from(LowbitConfig.validate(ConfigFactory.parseString(hocon)), "bad"));
        assertTrue(e.getMessage().contains("lowbit.train.rvsm.beta"), e.getMessage());
    }
}
