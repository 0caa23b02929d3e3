/**
 * RVSCGD (Dinh and Xin 2020; docs/methods.md) in plain double arrays: the teacher-student problem of a
 * one-hidden-layer non-overlapping CNN with binarized activation 1{x > 0} on Gaussian inputs, the sampled coarse
 * (straight-through) gradient and its closed-form expectation, relaxed variable splitting with the l0, l1 and
 * transformed-l1 thresholds of {@link lowbit.sparse}, per-iteration metrics, and the experiment that writes them.
 *
 * <p>Choices where the paper (details recalled, not re-read) is silent [design]: the teacher's nonzeros have
 * magnitudes in [0.5, 1] before scaling to unit norm; v = vStar = 1/k is fixed; w is projected onto the unit sphere
 * after every step (see {@link lowbit.rvscgd.Rvscgd}); metrics are of the sparse u = T(w), with angle(w, wStar)
 * alongside; the loss is the population loss in closed form, not a minibatch estimate.
 */
package lowbit.rvscgd;
