/**
 * ADMM pruning (docs/methods.md), the sparsity baseline: {@link lowbit.admm.AdmmPruning} splits each weight tensor
 * into w and a top-k projected copy z with a scaled dual v, {@link lowbit.admm.AdmmRegularizer} adds rho (w - z + v)
 * to the gradient and updates z and v every {@code update-steps} (state that a checkpoint keeps).
 * {@link lowbit.admm.AdmmSettings} reads {@code lowbit.train.admm}.
 */
package lowbit.admm;
