/**
 * QAT (docs/methods.md): the forward pass computes at weights fake-quantized to their b-bit grid
 * ({@link lowbit.qat.FakeQuantization}) while the optimizer updates the latent float weights with that gradient
 * (straight-through estimator); {@link lowbit.qat.QatSettings} reads {@code lowbit.train.qat}.
 */
package lowbit.qat;
