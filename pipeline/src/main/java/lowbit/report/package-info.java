/**
 * The quantization bottleneck report (docs/methods.md, QGT): per weight layer rho_l, the accuracy
 * with only that layer quantized, the isolated and cumulative SQNR of the layer's output, parameters and
 * bytes; a mixed-precision allocation at the uniform allocation's bytes and its accuracy against uniform bits.
 * Written as Parquet (data-schemas/layer_report.avsc) and printed as a text table.
 *
 * <p>Choices [design]: "cumulative" quantizes the layers in parameter-buffer order (for the zoo models the
 * graph order); SQNR is measured on the layer's own output vertex against the float model with the same batch
 * norm folding; the mixed allocation minimizes the sum of rho_l (see {@link lowbit.report.MixedPrecision}),
 * it does not use the measured accuracies, so the accuracy comparison is an honest test of the proxy.
 */
package lowbit.report;
