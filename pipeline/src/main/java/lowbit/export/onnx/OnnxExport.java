package lowbit.export.onnx;

import java.nio.file.Path;
import java.util.Set;

import lowbit.LowbitException;
import lowbit.engine.TrainableModel;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.ParamView;
import lowbit.ptq.CalibratedActivations;
import lowbit.ptq.PostTrainingQuantization;
import lowbit.ptq.QuantizationPlan;
import lowbit.ptq.QuantizedModel;
import lowbit.ptq.QuantizedTensor;

/** Post-training quantizes a model and writes it as an ONNX file with its weights stored at their bit width. */
public final class OnnxExport {

    private OnnxExport() {
    }

    /**
     * @param model       a trained model built from a {@link ModelGraph}
     * @param plan        its post-training quantization
     * @param activations 8-bit activation grids calibrated on {@code model}'s quantized copy, or null for float activations
     * @param metadata    input scaling and class names (as many as the model has classes)
     * @throws LowbitException when the model has no graph, or has a node ONNX cannot reproduce
     */
    public static OnnxExportSizes write(TrainableModel model, QuantizationPlan plan, CalibratedActivations activations,
                                        OnnxMetadata metadata, Path file) {
        QuantizedModel quantized = PostTrainingQuantization.apply(model, plan);
        OnnxModel onnx = build(model, plan, quantized, activations, metadata);
        onnx.write(file);
        return sizes(model, quantized, onnx);
    }

    /** The ONNX model without writing it. */
    public static OnnxModel build(TrainableModel model, QuantizationPlan plan, CalibratedActivations activations, OnnxMetadata metadata) {
        return build(model, plan, PostTrainingQuantization.apply(model, plan), activations, metadata);
    }

    private static OnnxModel build(TrainableModel model, QuantizationPlan plan, QuantizedModel quantized,
                                   CalibratedActivations activations, OnnxMetadata metadata) {
        ModelGraph graph = graphOf(model);
        if (metadata.classes().size() != graph.classes()) {
            throw new LowbitException("the model has " + graph.classes() + " classes, but " + metadata.classes().size()
                    + " class names were given " + metadata.classes());
        }
        return OnnxModelWriter.build(graph, quantized, plan.foldBatchNorm(), activations, metadata.props(plan));
    }

    public static ModelGraph graphOf(TrainableModel model) {
        return model.modelGraph().orElseThrow(() -> new LowbitException("the model has no engine-neutral graph (a DL4J zip whose "
                + "configuration is not a lowbit zoo architecture), which the ONNX export reads"));
    }

    /** Float, theoretical (lowbit's accounting, dense codes) and file sizes of an export of {@code model} by {@code plan}. */
    static OnnxExportSizes sizes(TrainableModel model, QuantizationPlan plan, OnnxModel onnx) {
        return sizes(model, PostTrainingQuantization.apply(model, plan), onnx);
    }

    private static OnnxExportSizes sizes(TrainableModel model, QuantizedModel q, OnnxModel onnx) {
        Set<String> constants = q.constantViews();
        long floatBytes = 4L * (model.parameterCount() + model.batchNormState().length);
        long theoretical = 0;
        for (ParamView v : model.parameterViews()) {
            QuantizedTensor t = q.quantized(v.name());
            if (t != null) {
                theoretical += ((long) v.length() * t.bits() + 7) / 8 + 4L * t.scales().length;
            } else if (!constants.contains(v.name())) {
                theoretical += 4L * v.length();
            }
        }
        for (ParamView v : model.batchNormStateViews()) {
            if (!constants.contains(v.name())) theoretical += 4L * v.length();
        }
        return new OnnxExportSizes(floatBytes, theoretical, onnx.payloadBytes(), onnx.structureBytes(), onnx.fileBytes(),
                onnx.opset(), onnx.irVersion());
    }
}
