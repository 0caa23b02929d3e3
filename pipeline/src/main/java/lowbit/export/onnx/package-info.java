/**
 * ONNX export of a post-training quantized model, engine-neutral: {@link lowbit.export.onnx.OnnxModelWriter} maps a
 * {@link lowbit.model.graph.ModelGraph} with its quantized parameters ({@link lowbit.ptq.QuantizedModel}) and optional
 * 8-bit activation grids ({@link lowbit.ptq.CalibratedActivations}) to an ONNX {@code ModelProto} whose weights are
 * INT2 / INT4 / INT8 initializers dequantized by {@code DequantizeLinear}; {@link lowbit.export.onnx.OnnxExport} runs the
 * quantization and writes the file; {@link lowbit.export.onnx.OnnxRuntimeModel} and
 * {@link lowbit.export.onnx.OnnxVerification} run a file in ONNX Runtime and compare it with lowbit's fake-quantized model.
 * The format and the op mapping: docs/guide/export-and-report-layers.md, section ONNX.
 */
package lowbit.export.onnx;
