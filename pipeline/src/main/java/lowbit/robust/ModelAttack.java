package lowbit.robust;

import lowbit.data.read.Batch;
import lowbit.data.read.Normalization;
import lowbit.engine.TrainableModel;

import java.io.Serializable;

/**
 * An {@link Attack} on a model whose inputs are normalized pixels: the attack runs on [0, 1] pixels, with the
 * normalization between it and the model. The model is used as it stands (its parameters and batch-norm state),
 * in inference mode.
 */
public record ModelAttack(Attack attack, Normalization normalization) implements Serializable {

    /** The adversarial version of a normalized batch, normalized; PGD's starts come from {@code seed} and each example. */
    public Batch run(TrainableModel model, Batch batch, long seed) {
        PixelSpace space = new PixelSpace(normalization);
        float[] clean = space.pixels(batch.features());
        long[] seeds = attack.kind() == Attack.Kind.PGD ? ExampleSeeds.of(seed, batch.features().data(), batch.size()) : null;
        float[] adversarial = attack.perturb(clean, seeds,
                p -> space.pixelGradient(model.inputGradient(space.inputs(p, batch.features()), batch.labels())));
        return new Batch(space.inputs(adversarial, batch.features()), batch.labels());
    }
}
