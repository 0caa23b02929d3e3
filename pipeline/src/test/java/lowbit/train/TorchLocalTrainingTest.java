package lowbit.train;

import lowbit.train.job.TrainingRun;
import java.util.List;

import lowbit.config.ConfigError;
import lowbit.config.LowbitConfig;
import lowbit.engine.TrainableModel;
import lowbit.engine.torch.TorchModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lowbit.train.engine = torch}: the configured engine builds the model, and LeNet learns real Fashion-MNIST on it. */
@Tag("spark")
@Tag("data")
class TorchLocalTrainingTest {

    @Test
    void lenetOnTheTorchEngineLearnsFashionMnist() {
        TrainSpec spec = TrainSpec.from(LowbitConfig.load(null, List.of("data=" + FashionShards.small(), "mode=local",
                "engine=torch", "engine-threads=1", "epochs=1", "max-steps-per-epoch=150", "batch-size=32", "shuffle-buffer=2048"),
                "train"));
        assertEquals("torch", spec.model().engine());
        TrainableModel model = spec.model().build();
        assertInstanceOf(TorchModel.class, model);
        long t0 = System.nanoTime();
        TrainState end = TrainingRun.run(null, spec, model, null, null, System.out::println);
        System.out.printf("torch LeNet: 150 steps of 32 in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        double accuracy = end.history().get(0).evaluations().get(0).accuracy();
        // 4,800 images, one pass (chance is 0.1): the DL4J engine reached 0.80 with the same settings (another initialization)
        assertTrue(accuracy > 0.7, "test accuracy after 150 steps: " + accuracy);
    }

    @Test
    void anUnknownEngineIsAnErrorNamingTheKey() {
        ConfigError e = assertThrows(ConfigError.class, () -> TrainSpec.from(LowbitConfig.load(null,
                List.of("data=x", "engine=tensorflow"), "train")));
        assertTrue(e.getMessage().contains("lowbit.train.engine"), e.getMessage());
    }
}
