package lowbit.train;

import java.io.Serializable;

import lowbit.data.read.Batch;
import lowbit.distill.Distillation;
import lowbit.engine.TrainableModel;
import lowbit.robust.AdversarialTraining;

/**
 * What a worker trains each minibatch on: the batch as read (cross-entropy with its labels), its adversarial
 * version, or the batch with its share of unlabeled images under the distillation loss. The same object runs in this
 * JVM and on Spark executors, so both compute the same gradients.
 *
 * @param adversarial  null for natural training
 * @param distillation null without a teacher
 */
public record MinibatchObjective(AdversarialTraining adversarial, Distillation distillation) implements Serializable {

    public static final MinibatchObjective CROSS_ENTROPY = new MinibatchObjective(null, null);

    public MinibatchObjective {
        if (adversarial != null && distillation != null) {
            throw new IllegalArgumentException("adversarial training and distillation are exclusive");
        }
    }

    public static MinibatchObjective adversarial(AdversarialTraining adversarial) {
        return new MinibatchObjective(adversarial, null);
    }

    /**
     * Forward-backward of the {@code index}-th minibatch of {@code worker} in a step; {@code model.gradients()} then holds
     * the gradient of the returned mean loss over the returned example count.
     */
    public Pass run(TrainableModel model, Batch b, int epoch, long step, int worker, int index) {
        if (adversarial != null) {
            b = adversarial.adversarial(model, b, epoch, step);
        }
        if (distillation != null) {
            b = distillation.withUnlabeled(b, epoch, step, worker, index);
            return new Pass(model.forwardBackward(b.features(), distillation.loss(b)), b.size());
        }
        return new Pass(model.forwardBackward(b.features(), b.labels()), b.size());
    }

    /** A minibatch's mean loss and the examples it averaged over. */
    public record Pass(double loss, int examples) {
    }
}
