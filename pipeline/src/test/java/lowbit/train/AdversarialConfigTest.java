package lowbit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import lowbit.config.ConfigError;
import lowbit.config.LowbitConfig;
import lowbit.data.read.Normalization;
import lowbit.robust.Attack;
import lowbit.robust.RobustEvaluation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The adversarial and robust-eval sections of lowbit.train: defaults from the papers, errors naming the key. */
@Tag("unit")
class AdversarialConfigTest {

    private static TrainSpec spec(String... settings) {
        List<String> all = new ArrayList<>(List.of("data=unused"));
        all.addAll(List.of(settings));
        return TrainSpec.from(LowbitConfig.load(null, all, "train"));
    }

    @Test
    void defaultsAreNaturalTrainingAndThePapersAttacks() {
        TrainSpec spec = spec();
        assertNull(spec.adversarialAttack());
        assertNull(spec.adversarialTraining(Normalization.UNIT));
        assertNull(spec.epochRobustEvaluation());
        RobustEvaluation robust = spec.robustEvaluation();
        assertEquals(new RobustEvaluation(1000, Attack.fgsm(8 / 255.0), Attack.ifgsm(8 / 255.0, 2 / 255.0, 20)), robust);

        TrainSpec on = spec("adversarial.enabled=true", "robust-eval.enabled=true", "seed=4");
        assertEquals(Attack.pgd(0.031, 0.007, 10), on.adversarialAttack());
        assertEquals(4, on.adversarialTraining(Normalization.UNIT).seed());
        assertEquals(robust, on.epochRobustEvaluation());
        assertEquals(Attack.fgsm(0.05), spec("adversarial.enabled=true", "adversarial.attack=fgsm", "adversarial.eps=0.05")
                .adversarialAttack());
    }

    @Test
    void badSettingsNameTheirSection() {
        ConfigError unknown = assertThrows(ConfigError.class, () -> spec("adversarial.enabled=true", "adversarial.attack=cw"));
        assertTrue(unknown.getMessage().contains("lowbit.train.adversarial") && unknown.getMessage().contains("cw"), unknown.getMessage());
        ConfigError eps = assertThrows(ConfigError.class, () -> spec("adversarial.enabled=true", "adversarial.eps=0"));
        assertTrue(eps.getMessage().contains("lowbit.train.adversarial: attack eps"), eps.getMessage());
        ConfigError images = assertThrows(ConfigError.class, () -> spec("robust-eval.images=0"));
        assertTrue(images.getMessage().contains("lowbit.train.robust-eval"), images.getMessage());
    }
}
