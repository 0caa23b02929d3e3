package lowbit.export.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import lowbit.LowbitException;
import lowbit.engine.TrainableModel;
import lowbit.eval.LabeledImages;
import lowbit.ptq.QuantizationPlan;
import lowbit.quant.ScaleRule;
import lowbit.testdata.FashionMnistSample;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ops the trained models of {@link ZooOnnxTest} do not reach, on freshly initialized models with random batch-norm
 * statistics, on real images: unfolded batch norms (pre-activation, and --no-fold) as BatchNormalization, the ensemble
 * mean and the SoftmaxOutput of EnResNet (noise 0), projection and zero-padding shortcuts, one scale per tensor, MSE
 * scales, and the binary step; EnResNet's inference noise is refused.
 */
@Tag("data")
class OnnxOpCoverageTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "enresnet20; noise=0,members=2,seed=4; 4; true; true; max",
            "preact-resnet20; shortcut=projection,seed=4; 8; true; true; mse",
            "mobilenetv1; size=32,channels=3,classes=10,seed=4; 8; false; false; max",
            "lenet; activation=binary,seed=4; 4; true; true; mse"})
    void exportRunsInOnnxRuntimeAsLowbitComputes(String name, String options, int bits, boolean perChannel, boolean fold,
                                                 String scale) throws IOException {
        TrainableModel model = ZooOnnxTest.ENGINE.zoo(name, options(options));
        lowbit.testing.RandomBatchNorm.apply(model);
        LabeledImages images = name.equals("lenet") ? fashion(50) : RealImages.cifar(0, 3);
        QuantizationPlan plan = QuantizationPlan.uniform(model, bits, perChannel, fold).withScaleRule(ScaleRule.of(scale));
        Path file = tmp.resolve(name + ".onnx");
        System.out.println(name + " " + options + ": " + ZooOnnxTest.export(model, plan, file).describe());
        ZooOnnxTest.verify(model, plan, file, images);
    }

    @Test
    void enResNetsInferenceNoiseIsRefused() {
        TrainableModel model = ZooOnnxTest.ENGINE.zoo("enresnet20", Map.of("seed", "4"));
        QuantizationPlan plan = QuantizationPlan.uniform(model, 4, true, true);
        Path file = tmp.resolve("enresnet.onnx");
        LowbitException e = assertThrows(LowbitException.class, () -> ZooOnnxTest.export(model, plan, file));
        assertTrue(e.getMessage().contains("m0.s1b1.noise") && e.getMessage().contains("random noise"), e.getMessage());
        assertTrue(!Files.exists(file));
    }

    static Map<String, String> options(String csv) {
        Map<String, String> o = new HashMap<>();
        for (String kv : csv.split(",")) o.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        return o;
    }

    static LabeledImages fashion(int n) throws IOException {
        FashionMnistSample s = FashionMnistSample.firstTest(n);
        return new LabeledImages(s.images(), s.labels());
    }
}
