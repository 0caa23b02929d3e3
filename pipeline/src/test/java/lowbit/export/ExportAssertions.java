package lowbit.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.eval.Predictions;

/** The round-trip contract: same decisions and probabilities within 1e-5 on the same inputs. */
final class ExportAssertions {

    private ExportAssertions() {
    }

    static void samePredictions(TrainableModel expected, TrainableModel actual, Tensor images) {
        Tensor p = expected.forward(images);
        Tensor r = actual.forward(images);
        assertArrayEquals(Predictions.argmax(p), Predictions.argmax(r), "argmax");
        double worst = 0;
        for (int i = 0; i < p.data().length; i++) worst = Math.max(worst, Math.abs(p.data()[i] - r.data()[i]));
        assertEquals(0, worst, 1e-5, "largest probability difference");
    }
}
