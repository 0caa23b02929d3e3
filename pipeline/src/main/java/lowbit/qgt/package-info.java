/**
 * QGT (docs/methods.md, QGT), engine-neutral on float[]: the penalties, the bottleneck ratio rho_l, the lambda
 * schedule, the {@link lowbit.qgt.QgtRegularizer} that adds lambda(t) alpha_l dR_l/dw every step, and
 * {@link lowbit.qgt.QgtSettings}, which reads {@code lowbit.train.qgt} (with the finish: hard quantization and
 * fake-quantized fine-tuning).
 *
 * <p>Choices [design]: R is the mean over the tensor, so its gradient 2 (w - Q(w)) / |W| is |W| times
 * smaller than an unnormalized pull beta (w - Q(w)) (the team's first prototype), and lambda must be scaled up
 * accordingly (hundreds to thousands); the sine penalty is a sum (docs/methods.md), and needs
 * b >= 2; the schedule takes fractional epochs.
 */
package lowbit.qgt;
