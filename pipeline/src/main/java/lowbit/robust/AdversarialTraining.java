package lowbit.robust;

import lowbit.data.read.Batch;
import lowbit.engine.TrainableModel;

import java.io.Serializable;

/**
 * Adversarial training: every training minibatch is replaced by its attacked version (the loss is taken on
 * the adversarial batch only), generated where the minibatch's forward-backward pass runs, with the step's
 * parameters and the worker's current batch-norm state. PGD's random starts come from {@code seed}, the epoch,
 * the step and each example.
 */
public record AdversarialTraining(ModelAttack attack, long seed) implements Serializable {

    public Batch adversarial(TrainableModel model, Batch batch, int epoch, long step) {
        return attack.run(model, batch, ExampleSeeds.of(seed, epoch, step));
    }
}
