package lowbit.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import lowbit.config.ConfigError;
import lowbit.config.LowbitConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** lowbit.experiment.activation-bits and calibration-images: defaults, valid values and clear errors. */
@Tag("unit")
class ActivationBitsConfigTest {

    private static Config experiment(String settings) {
        return LowbitConfig.validate(ConfigFactory.parseString("lowbit.experiment { " + settings + " }"));
    }

    @Test
    void activationsStayFloatByDefault() {
        CellExperiment e = CellExperiment.from(experiment("method = ptq, bits = 4"));
        assertEquals(32, e.activationBits());
        assertFalse(e.quantizesActivations());
        assertEquals(512, e.calibrationImages());
    }

    @Test
    void ptqCellsQuantizeActivationsAtTwoToEightBits() {
        for (int bits = 2; bits <= 8; bits++) {
            CellExperiment e = CellExperiment.from(experiment("method = ptq, bits = 8, activation-bits = " + bits
                    + ", calibration-images = 64"));
            assertTrue(e.quantizesActivations());
            assertEquals(bits, e.activationBits());
            assertEquals(64, e.calibrationImages());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 9, 16, 31, 33})
    void otherActivationBitsAreConfigErrorsNamingTheKey(int bits) {
        ConfigError e = assertThrows(ConfigError.class,
                () -> CellExperiment.from(experiment("method = ptq, bits = 8, activation-bits = " + bits)));
        assertTrue(e.getMessage().contains("lowbit.experiment.activation-bits"), e.getMessage());
    }

    @Test
    void onlyPtqCellsQuantizeActivations() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> CellExperiment.from(experiment("method = qat, bits = 4, activation-bits = 8")));
        assertTrue(e.getMessage().contains("lowbit.experiment.activation-bits") && e.getMessage().contains("qat"), e.getMessage());
    }

    @Test
    void calibrationNeedsAtLeastOneImage() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> CellExperiment.from(experiment("method = ptq, bits = 8, activation-bits = 8, calibration-images = 0")));
        assertTrue(e.getMessage().contains("lowbit.experiment.calibration-images"), e.getMessage());
    }
}
