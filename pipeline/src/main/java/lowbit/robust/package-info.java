/**
 * Adversarial attacks and robustness (docs/methods.md), engine-neutral: FGSM, IFGSM and PGD in the
 * L-infinity ball on inputs in [0, 1], adversarial training batches and robust accuracy. Models are seen
 * through {@link lowbit.engine.TrainableModel#inputGradient}; the input normalization stays "inside the
 * network": attacks run on [0, 1] pixels, which {@link lowbit.robust.PixelSpace} maps to the network's
 * normalized inputs and back, so eps is in pixel units whatever the normalization.
 *
 * <p>Choices [design]: sign(0) = 0; every step is followed by the projection onto the ball intersected with
 * [0, 1]; PGD's uniform start in the ball is drawn per example from a seed mixed with the example's content,
 * so an example's start does not depend on how a step's batch is split among workers. Attacks see batch norm
 * in inference mode (running statistics, never updated by an attack).
 */
package lowbit.robust;
