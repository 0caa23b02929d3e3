/**
 * Engine-neutral sparsity math on float[] (docs/methods.md, RVSM and RGSM; ADMM pruning): the RVSM / RGSM thresholding
 * operators (each the prox of its penalty, checked by brute force in the tests), the top-k projection of ADMM
 * pruning and sparsity metrics. The methods that use them: {@code lowbit.rvsm}, {@code lowbit.admm}.
 *
 * <p>Choices [design]: top-k keeps round(fraction * n) weights or groups, breaking ties toward the lower
 * index; sparsity counts exact zeros; groups are the channels of a {@link lowbit.tensor.ChannelLayout},
 * input-channel slices W[:, i, :, :] by default, output filters as the option.
 */
package lowbit.sparse;
