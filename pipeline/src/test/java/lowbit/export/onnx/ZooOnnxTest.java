package lowbit.export.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import ai.onnx.proto.OnnxMl.TensorProto;
import lowbit.data.read.Normalization;
import lowbit.engine.ActivationQuantizer;
import lowbit.engine.Engine;
import lowbit.engine.TrainableModel;
import lowbit.engine.torch.TorchEngine;
import lowbit.eval.LabeledImages;
import lowbit.ptq.PostTrainingQuantization;
import lowbit.ptq.QuantizationPlan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ResNet-20 (zero-padding shortcuts) trained a few steps on real CIFAR-10 images and MobileNetV1 (original blocks with
 * ReLU6, TensorFlow same padding, RGB 96x96) trained a few steps on real Visual Wake Words images, on the torch engine,
 * exported to ONNX at 2, 4 and 8 bits and compared in ONNX Runtime with lowbit's fake-quantized model on held-out images.
 */
@Tag("data")
class ZooOnnxTest {
    static final Engine ENGINE = new TorchEngine(1);
    static TrainableModel resnet;
    static TrainableModel mobilenet;
    static LabeledImages cifar;
    static LabeledImages vww;

    @TempDir
    Path tmp;

    @BeforeAll
    static void trainBriefly() throws IOException {
        long t0 = System.nanoTime();
        resnet = ENGINE.zoo("resnet20", Map.of("seed", "3"));
        LabeledImages cifarTrain = RealImages.cifar(0, 50);
        for (int epoch = 0; epoch < 3; epoch++) RealImages.train(resnet, cifarTrain, 25, 0.05f);
        cifar = RealImages.cifar(100, 20);
        mobilenet = ENGINE.zoo("mobilenetv1", Map.of("seed", "3", "channels", "3", "padding", "same"));
        LabeledImages vwwTrain = RealImages.vww(0, 150);
        for (int epoch = 0; epoch < 3; epoch++) RealImages.train(mobilenet, vwwTrain, 25, 0.05f);
        vww = RealImages.vww(400, 100);
        System.out.printf("ZooOnnxTest: trained and loaded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @ParameterizedTest
    @CsvSource({"resnet20, 2", "resnet20, 4", "resnet20, 8", "mobilenetv1, 2", "mobilenetv1, 4", "mobilenetv1, 8"})
    void onnxRuntimeAgreesWithLowbitsFakeQuantizedModel(String name, int bits) {
        TrainableModel model = name.equals("resnet20") ? resnet : mobilenet;
        LabeledImages images = name.equals("resnet20") ? cifar : vww;
        QuantizationPlan plan = QuantizationPlan.uniform(model, bits, true, true);
        OnnxExportSizes sizes = export(model, plan, tmp.resolve(name + "-" + bits + ".onnx"));
        System.out.println(name + " " + bits + " bit: " + sizes.describe());
        verify(model, plan, tmp.resolve(name + "-" + bits + ".onnx"), images);
    }

    /** A 2-bit MobileNet stores its weights as INT2: the file is at most 1.1x the theoretical size plus its graph structure. */
    @Test
    void twoBitMobileNetIsAtMostTenPercentAboveTheTheoreticalSizePlusStructure() {
        QuantizationPlan plan = QuantizationPlan.uniform(mobilenet, 2, true, true);
        OnnxModel onnx = OnnxExport.build(mobilenet, plan, null, metadata(2));
        OnnxExportSizes sizes = OnnxExport.sizes(mobilenet, plan, onnx);
        System.out.println("mobilenetv1 2 bit: " + sizes.describe());
        assertTrue(sizes.fileBytes() <= 1.1 * sizes.theoreticalBytes() + sizes.structureBytes(), sizes.describe());
        int int2 = 0;
        for (TensorProto t : onnx.proto().getGraph().getInitializerList()) {
            if (t.getName().endsWith("/W/codes")) {
                assertEquals(OnnxTypes.INT2, t.getDataType(), t.getName());
                int2++;
            }
        }
        assertEquals(1 + 13 * 2 + 1, int2, "every conv, depthwise and dense weight");
        assertEquals(OnnxModelWriter.OPSET_INT2, onnx.opset());
    }

    static OnnxExportSizes export(TrainableModel model, QuantizationPlan plan, Path file) {
        return OnnxExport.write(model, plan, null, metadata(OnnxExport.graphOf(model).classes()), file);
    }

    static OnnxMetadata metadata(int classes) {
        return new OnnxMetadata(OnnxMetadata.indexNames(classes), Normalization.UNIT, "unit", 32, null);
    }

    static void verify(TrainableModel model, QuantizationPlan plan, Path file, LabeledImages images) {
        TrainableModel reference = PostTrainingQuantization.quantizedCopy(model, plan, ENGINE);
        try (OnnxRuntimeModel onnx = OnnxRuntimeModel.open(file, 1)) {
            OnnxVerification.Result r = OnnxVerification.run(onnx, images,
                    new OnnxVerification.Reference(reference, OnnxExport.graphOf(model), ActivationQuantizer.NONE), OnnxVerification.TOLERANCE);
            System.out.println(r.describe());
            assertTrue(r.passed(), r.describe());
        }
    }
}
