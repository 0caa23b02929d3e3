package lowbit.export.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import lowbit.data.read.Normalization;
import lowbit.engine.ActivationQuantizer;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.eval.LabeledImages;
import lowbit.ptq.PostTrainingQuantization;
import lowbit.ptq.QuantizationPlan;
import lowbit.testdata.TrainedLeNet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** LeNet trained on real Fashion-MNIST, exported to ONNX at 2, 4 and 8 bits and run in ONNX Runtime. */
class LeNetOnnxTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void onnxRuntimeAgreesWithLowbitsFakeQuantizedModel(int bits) {
        TrainableModel model = TrainedLeNet.model();
        LabeledImages images = TrainedLeNet.testImages();
        QuantizationPlan plan = QuantizationPlan.uniform(model, bits, true, true);
        Path file = tmp.resolve("lenet-" + bits + ".onnx");
        OnnxExportSizes sizes = OnnxExport.write(model, plan, null,
                new OnnxMetadata(OnnxMetadata.indexNames(10), Normalization.UNIT, "unit", 32, null), file);
        System.out.println("LeNet " + bits + " bit: " + sizes.describe());
        TrainableModel reference = PostTrainingQuantization.quantizedCopy(model, plan, new Dl4jEngine());
        try (OnnxRuntimeModel onnx = OnnxRuntimeModel.open(file, 1)) {
            OnnxVerification.Result r = OnnxVerification.run(onnx, images,
                    new OnnxVerification.Reference(reference, OnnxExport.graphOf(model), ActivationQuantizer.NONE), OnnxVerification.TOLERANCE);
            System.out.println(r.describe());
            assertTrue(r.passed(), r.describe());
        }
    }
}
