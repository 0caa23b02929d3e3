package lowbit.export.onnx;

import java.util.Locale;

/**
 * The sizes of an ONNX export: the float32 model, the theoretical size (lowbit's size accounting of what the file
 * stores, densely: ceil(n b / 8) bytes of codes and 4 per scale for each quantized weight, 4 per float value, nothing
 * for the constants batch-norm folding removed), the initializers' data in the file (codes at their ONNX type's width,
 * scales, zero points, float tensors), the rest of the file (graph structure) and the file.
 */
public record OnnxExportSizes(long floatBytes, long theoreticalBytes, long payloadBytes, long structureBytes, long fileBytes,
                              int opset, long irVersion) {

    public double fileOverTheoretical() {
        return (double) fileBytes / theoreticalBytes;
    }

    public String describe() {
        return String.format(Locale.ROOT,
                "float32 %,d bytes%ntheoretical %,d bytes%nonnx file %,d bytes (%.4fx theoretical, %.2fx smaller than float32): "
                        + "%,d bytes of initializer data, %,d of graph structure; opset %d, IR version %d",
                floatBytes, theoreticalBytes, fileBytes, fileOverTheoretical(), (double) floatBytes / fileBytes, payloadBytes,
                structureBytes, opset, irVersion);
    }
}
