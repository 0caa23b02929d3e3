/**
 * Engine-neutral QGT math on float[] (ALGORITHMS.md section 2): the penalties, the bottleneck ratio
 * rho_l and the lambda schedule.
 *
 * <p>Choices [design]: R is the mean over the tensor, so its gradient 2 (w - Q(w)) / |W| is |W| times
 * smaller than the unnormalized beta (w - Q(w)) of the STACK.md spike, and lambda must be scaled up
 * accordingly (hundreds to thousands); the sine penalty is a sum, as written in ALGORITHMS.md, and needs
 * b >= 2; the schedule takes fractional epochs.
 */
package lowbit.qgt;
