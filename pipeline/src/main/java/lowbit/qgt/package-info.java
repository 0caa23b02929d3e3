/**
 * Engine-neutral QGT math on float[] (docs/methods.md, QGT): the penalties, the bottleneck ratio
 * rho_l and the lambda schedule.
 *
 * <p>Choices [design]: R is the mean over the tensor, so its gradient 2 (w - Q(w)) / |W| is |W| times
 * smaller than an unnormalized pull beta (w - Q(w)) (the team's first prototype), and lambda must be scaled up
 * accordingly (hundreds to thousands); the sine penalty is a sum (docs/methods.md), and needs
 * b >= 2; the schedule takes fractional epochs.
 */
package lowbit.qgt;
