/**
 * RVSM and RGSM (docs/methods.md): {@link lowbit.rvsm.RvsmRegularizer} pulls the weights toward their thresholded
 * copy u = T(w) every step and sets w = T(w) at the end of every epoch; a group threshold with a group-lasso term is
 * RGSM. {@link lowbit.rvsm.RvsmSettings} reads {@code lowbit.train.rvsm}; the thresholds themselves are in
 * {@link lowbit.sparse}.
 */
package lowbit.rvsm;
