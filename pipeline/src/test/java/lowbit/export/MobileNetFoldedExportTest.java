package lowbit.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.model.ModelZoo;
import lowbit.ptq.PostTrainingQuantization;
import lowbit.ptq.QuantizationPlan;
import lowbit.ptq.QuantizedModel;
import lowbit.testdata.FashionMnistSample;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch-norm folding on MobileNetV1 (original blocks) with non-trivial BN statistics, on real Fashion-MNIST images. */
@Tag("data")
class MobileNetFoldedExportTest {
    static TrainableModel model;
    static Tensor images;

    @TempDir
    Path tmp;

    @BeforeAll
    static void modelWithRandomBatchNorm() throws IOException {
        model = new Dl4jEngine().zoo("mobilenetv1", Map.of("size", "28", "classes", "10"));
        lowbit.testing.RandomBatchNorm.apply(model);
        images = FashionMnistSample.firstTest(32).images();
    }

    @Test
    void foldingAloneKeepsThePredictions() {
        QuantizationPlan foldOnly = new QuantizationPlan(Map.of(), false, true);
        QuantizedModel folded = PostTrainingQuantization.apply(model, foldOnly);
        assertEquals(27 * 3, folded.constantViews().size(), "gamma, mean and var of 27 folded batch norms");
        TrainableModel copy = PostTrainingQuantization.quantizedCopy(model, foldOnly, new Dl4jEngine());
        float[] expected = model.forward(images).data();
        float[] actual = copy.forward(images).data();
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-4, "probability " + i);
    }

    @Test
    void foldedExportReloadsExactlyAndIsSmallerThanUnfolded() {
        QuantizationPlan folded = QuantizationPlan.uniform(model, 8, true, true);
        QuantizationPlan unfolded = QuantizationPlan.uniform(model, 8, true, false);
        ExportSizes withFolding = PackedModelWriter.write(model, folded, new Dl4jEngine(), tmp.resolve("folded.lbq"));
        ExportSizes without = PackedModelWriter.write(model, unfolded, new Dl4jEngine(), tmp.resolve("unfolded.lbq"));
        System.out.printf("MobileNetV1 0.25 on 28x28, 8 bit per channel, folded: %s%nunfolded: %s%n",
                withFolding.describe(), without.describe());
        assertTrue(withFolding.theoreticalBytes() < without.theoreticalBytes());
        assertTrue(withFolding.fileBytes() <= 1.05 * withFolding.theoreticalBytes(), withFolding.describe());
        ExportAssertions.samePredictions(PostTrainingQuantization.quantizedCopy(model, folded, new Dl4jEngine()),
                PackedModelReader.read(tmp.resolve("folded.lbq")), images);
    }
}
