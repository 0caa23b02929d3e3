package lowbit.robust;

import lowbit.data.read.Batch;
import lowbit.data.read.Normalization;
import lowbit.engine.TrainableModel;
import lowbit.eval.Predictions;

import java.io.Serializable;
import java.util.Iterator;

/**
 * Robust accuracy: the accuracy on FGSM and on IFGSM examples of the first {@code images} images of a split
 * (attacks cost steps + 1 evaluations per image, hence the bound).
 */
public record RobustEvaluation(int images, Attack fgsm, Attack ifgsm) implements Serializable {
    /** Examples attacked at once: without DL4J's workspaces an attack's memory grows with the batch. */
    public static final int BATCH = 64;

    public RobustEvaluation {
        if (images < 1) throw new IllegalArgumentException("robust evaluation needs at least 1 image, got " + images);
        if (fgsm.kind() != Attack.Kind.FGSM || ifgsm.kind() != Attack.Kind.IFGSM) {
            throw new IllegalArgumentException("robust evaluation runs an FGSM and an IFGSM attack");
        }
    }

    /** Attacks normalized batches with the model as it stands and counts the correct predictions. */
    public RobustAccuracy count(TrainableModel model, Normalization normalization, Iterator<Batch> batches) {
        ModelAttack byFgsm = new ModelAttack(fgsm, normalization);
        ModelAttack byIfgsm = new ModelAttack(ifgsm, normalization);
        RobustAccuracy total = RobustAccuracy.NONE;
        while (batches.hasNext()) {
            Batch b = batches.next();
            total = total.merge(new RobustAccuracy(b.size(), correct(model, byFgsm.run(model, b, 0)),
                    correct(model, byIfgsm.run(model, b, 0))));
        }
        return total;
    }

    private static long correct(TrainableModel model, Batch b) {
        int[] predicted = Predictions.argmax(model.forward(b.features()));
        long right = 0;
        for (int n = 0; n < b.size(); n++) {
            right += predicted[n] == b.labels()[n] ? 1 : 0;
        }
        return right;
    }
}
