package lowbit.export.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;

import java.nio.file.Path;

import ai.onnx.proto.OnnxMl.ModelProto;
import lowbit.data.read.Normalization;
import lowbit.engine.ActivationQuantizer;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.engine.dl4j.Dl4jNetworks;
import lowbit.eval.LabeledImages;
import lowbit.model.LeNet;
import lowbit.ptq.CalibratedActivations;
import lowbit.ptq.PostTrainingQuantization;
import lowbit.ptq.QuantizationPlan;
import lowbit.testdata.FashionMnistSample;
import lowbit.testdata.TrainedLeNet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** LeNet trained on real Fashion-MNIST, exported to ONNX at 2, 4 and 8 bits and run in ONNX Runtime. */
@Tag("data")
class LeNetOnnxTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void onnxRuntimeAgreesWithLowbitsFakeQuantizedModel(int bits) {
        TrainableModel model = trainedLeNet();
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

    /**
     * {@link TrainedLeNet}'s model with its graph: a model read back from the test cache is a DL4J zip, which records no
     * zoo graph, so its parameters go into a fresh LeNet of the same architecture.
     */
    static TrainableModel trainedLeNet() {
        TrainableModel trained = TrainedLeNet.model();
        if (trained.modelGraph().isPresent()) return trained;
        TrainableModel withGraph = Dl4jNetworks.build(LeNet.mnist(42));
        withGraph.setParameters(trained.parameters());
        withGraph.setBatchNormState(trained.batchNormState());
        return withGraph;
    }

    /** 8-bit weights and activations: uint8 QuantizeLinear / DequantizeLinear pairs on lowbit's calibrated grids. */
    @Test
    void activationBitsEightRunInOnnxRuntimeAsLowbitsCalibratedModel() throws IOException {
        TrainableModel model = trainedLeNet();
        QuantizationPlan plan = QuantizationPlan.uniform(model, 8, true, true);
        TrainableModel reference = PostTrainingQuantization.quantizedCopy(model, plan, new Dl4jEngine());
        FashionMnistSample calibration = FashionMnistSample.firstTrain(512);
        CalibratedActivations activations = PostTrainingQuantization.calibrateActivations(reference,
                new LabeledImages(calibration.images(), calibration.labels()).batches(64).stream().map(b -> b.features()).toList(), 8);
        assertEquals(java.util.List.of("input", "conv1", "conv2", "fc1"), java.util.List.copyOf(activations.tensors()));
        Path file = tmp.resolve("lenet-w8a8.onnx");
        OnnxExportSizes sizes = OnnxExport.write(model, plan, activations,
                new OnnxMetadata(OnnxMetadata.indexNames(10), Normalization.UNIT, "unit", 8, "8-bit activations, minmax"), file);
        System.out.println("LeNet w8a8: " + sizes.describe());
        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(file));
        assertEquals(4, proto.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("QuantizeLinear")).count(),
                "input, conv1, conv2 and fc1 are quantized");
        try (OnnxRuntimeModel onnx = OnnxRuntimeModel.open(file, 1)) {
            assertEquals("8", onnx.metadata(OnnxMetadata.ACTIVATION_BITS).orElseThrow());
            OnnxVerification.Result r = OnnxVerification.run(onnx, TrainedLeNet.testImages(),
                    new OnnxVerification.Reference(reference, OnnxExport.graphOf(model), activations), OnnxVerification.ACTIVATION_TOLERANCE);
            System.out.println(r.describe());
            assertTrue(r.passed(), r.describe());
        }
    }
}
