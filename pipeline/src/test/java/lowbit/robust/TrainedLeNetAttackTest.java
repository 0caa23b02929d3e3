package lowbit.robust;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import lowbit.data.read.Normalization;
import lowbit.engine.dl4j.Dl4jModel;
import lowbit.eval.LabeledImages;
import lowbit.testdata.TrainedLeNet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On a LeNet trained on real Fashion-MNIST ({@link TrainedLeNet}), FGSM and IFGSM-20 at eps 0.1 (step 0.01) on the
 * first 200 official test images. (At the CIFAR defaults, eps 8/255, this briefly trained LeNet keeps more: on
 * 500 images clean 0.814, FGSM 0.622, IFGSM-20 0.522.)
 */
@Tag("data")
class TrainedLeNetAttackTest {
    private static final int IMAGES = 200;

    @Test
    void ifgsmLowersAccuracyFarBelowClean() {
        Dl4jModel model = TrainedLeNet.model();
        LabeledImages test = TrainedLeNet.testImages();
        LabeledImages first = new LabeledImages(test.batch(0, IMAGES), Arrays.copyOf(test.labels(), IMAGES));
        double clean = first.accuracy(model);
        long t0 = System.nanoTime();
        RobustAccuracy robust = new RobustEvaluation(IMAGES, Attack.fgsm(0.1), Attack.ifgsm(0.1, 0.01, 20))
                .count(model, Normalization.UNIT, first.batches(RobustEvaluation.BATCH).iterator());
        System.out.printf("TrainedLeNet on %d test images: clean %.3f, FGSM %.3f, IFGSM-20 %.3f (%.1f s)%n", IMAGES, clean,
                robust.fgsm(), robust.ifgsm(), (System.nanoTime() - t0) / 1e9);
        assertTrue(clean > 0.75, "the model is trained: " + clean);
        assertTrue(robust.fgsm() < clean - 0.2, "FGSM " + robust.fgsm() + " vs clean " + clean);
        assertTrue(robust.ifgsm() < robust.fgsm(), "IFGSM-20 is stronger than FGSM: " + robust.ifgsm() + " vs " + robust.fgsm());
        assertTrue(robust.ifgsm() < 0.25 * clean, "IFGSM-20 " + robust.ifgsm() + " vs clean " + clean);
    }
}
