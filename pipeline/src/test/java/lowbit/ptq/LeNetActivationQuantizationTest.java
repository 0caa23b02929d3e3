package lowbit.ptq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.eval.LabeledImages;
import lowbit.eval.Predictions;
import lowbit.quant.AsymmetricQuantizer;
import lowbit.testdata.FashionMnistSample;
import lowbit.testdata.TrainedLeNet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Activation quantization of a briefly trained LeNet on real Fashion-MNIST: ranges calibrated on the first 512
 * training images, accuracy on the first 1,000 test images.
 */
@Tag("data")
class LeNetActivationQuantizationTest {

    private static final int CALIBRATION = 512;
    private static List<Tensor> calibration;

    @BeforeAll
    static void readCalibrationImages() throws IOException {
        FashionMnistSample s = FashionMnistSample.firstTrain(CALIBRATION);
        LabeledImages images = new LabeledImages(s.images(), s.labels());
        calibration = List.of(images.batch(0, 200), images.batch(200, 400), images.batch(400, CALIBRATION));
    }

    @Test
    void lenetQuantizesItsInputBothConvolutionOutputsAndTheHiddenDenseOutput() {
        assertEquals(List.of("input", "conv1", "conv2", "fc1"), ActivationSites.of(TrainedLeNet.model()));
    }

    @Test
    void calibrationRangesContainEveryCalibrationActivationAndZero() {
        TrainableModel model = TrainedLeNet.model();
        List<String> sites = ActivationSites.of(model);
        ActivationRanges ranges = ActivationRanges.calibrate(model, sites, calibration);
        assertEquals(sites, List.copyOf(ranges.tensors()));
        for (String t : sites) {
            assertTrue(ranges.min(t) <= 0 && ranges.max(t) >= 0, t + " range contains 0");
            double seenMin = 0;
            double seenMax = 0;
            for (Tensor batch : calibration) {
                for (float v : model.activations(batch).get(t).data()) {
                    assertTrue(v >= ranges.min(t) && v <= ranges.max(t), t + ": " + v + " outside the calibrated range");
                    seenMin = Math.min(seenMin, v);
                    seenMax = Math.max(seenMax, v);
                }
            }
            assertEquals(seenMin, ranges.min(t), 0.0, t + ": the range is the min over the calibration images (or 0)");
            assertEquals(seenMax, ranges.max(t), 0.0, t + ": the range is the max over the calibration images (or 0)");
        }
        assertEquals(0.0, ranges.min("input"), "pixels in [0, 1]");
        assertEquals(0.0, ranges.min("fc1"), "ReLU output");
    }

    @Test
    void eightBitActivationsKeepThePredictionsTwoBitActivationsDoNot() {
        TrainableModel model = TrainedLeNet.model();
        LabeledImages test = TrainedLeNet.testImages();
        CalibratedActivations a8 = PostTrainingQuantization.calibrateActivations(model, calibration, 8);
        CalibratedActivations a2 = PostTrainingQuantization.calibrateActivations(model, calibration, 2);
        double floatAccuracy = test.accuracy(model);
        double accuracy8 = test.accuracy(model, a8);
        double accuracy2 = test.accuracy(model, a2);
        Tensor x = test.batch(0, 500);
        float[] p = model.forward(x).data();
        float[] p8 = model.forward(x, a8).data();
        double worst8 = 0;
        for (int i = 0; i < p.length; i++) worst8 = Math.max(worst8, Math.abs(p[i] - p8[i]));
        int[] agree = {agreement(model.forward(x), model.forward(x, a8)), agreement(model.forward(x), model.forward(x, a2))};
        System.out.printf("LeNet activations on %d test images: float %.4f, a8 %.4f, a2 %.4f; max |p - p8| %.4f;"
                + " argmax agreement a8 %d/500, a2 %d/500%n", test.size(), floatAccuracy, accuracy8, accuracy2, worst8, agree[0], agree[1]);
        assertTrue(floatAccuracy > 0.75, "trained LeNet reaches " + floatAccuracy);
        assertEquals(floatAccuracy, accuracy8, 0.01);
        assertTrue(worst8 < 0.05, "8-bit activations move a probability by " + worst8);
        assertTrue(agree[0] >= 495, "8-bit activations keep the argmax: " + agree[0] + "/500");
        assertTrue(accuracy2 < floatAccuracy - 0.1, "2-bit activations: " + accuracy2 + " vs float " + floatAccuracy);
        assertTrue(agree[1] < 450, "2-bit activations change many predictions: " + agree[1] + "/500 kept");
    }

    @Test
    void quantizedTensorsLieOnTheirGridsAndTheOthersFollowFromThem() {
        TrainableModel model = TrainedLeNet.model();
        CalibratedActivations a4 = PostTrainingQuantization.calibrateActivations(model, calibration, 4);
        Map<String, Tensor> acts = model.activations(calibration.get(0), a4);
        for (String t : a4.tensors()) {
            AsymmetricQuantizer q = a4.quantizer(t);
            for (float v : acts.get(t).data()) {
                double code = v / q.step() + q.zeroPoint();
                assertEquals(Math.rint(code), code, 1e-3, t + ": " + v + " is not on its grid");
                assertTrue(code > -0.5 && code < 15.5, t + ": code " + code);
            }
        }
        float[] pool2 = acts.get("pool2").data();
        // max pooling of the quantized conv2 output: every pooled value is one of conv2's (quantized) values
        Set<Float> conv2 = new HashSet<>();
        for (float v : acts.get("conv2").data()) conv2.add(v);
        for (float v : pool2) assertTrue(conv2.contains(v), "pool2 value " + v + " is not a quantized conv2 value");
    }

    @Test
    void clippedRangesLieInsideMinMaxAndMseKeepsMoreAccuracyAtThreeBits() {
        TrainableModel model = TrainedLeNet.model();
        List<String> sites = ActivationSites.of(model);
        ActivationRanges minMax = ActivationRanges.calibrate(model, sites, calibration);
        ActivationRanges percentile = ActivationRanges.calibrate(model, sites, calibration, new ActivationRangeRule("percentile", 99.9), 3);
        ActivationRanges mse = ActivationRanges.calibrate(model, sites, calibration, new ActivationRangeRule("mse", 100), 3);
        for (String t : sites) {
            for (ActivationRanges r : List.of(percentile, mse)) {
                assertTrue(r.min(t) <= 0 && r.max(t) >= 0 && r.min(t) >= minMax.min(t) && r.max(t) <= minMax.max(t),
                        t + ": [" + r.min(t) + ", " + r.max(t) + "] inside [" + minMax.min(t) + ", " + minMax.max(t) + "]");
            }
            assertTrue(percentile.max(t) < minMax.max(t) || t.equals("input"), t + ": 99.9 % clips the upper tail");
        }
        LabeledImages test = TrainedLeNet.testImages();
        double accuracyMinMax = test.accuracy(model, new CalibratedActivations(minMax, 3));
        double accuracyMse = test.accuracy(model, new CalibratedActivations(mse, 3));
        System.out.printf("LeNet 3-bit activations: min/max %.4f, mse %.4f; fc1 range %.2f vs %.2f%n",
                accuracyMinMax, accuracyMse, minMax.max("fc1"), mse.max("fc1"));
        assertTrue(accuracyMse > accuracyMinMax + 0.02, "mse " + accuracyMse + " vs min/max " + accuracyMinMax);
    }

    private static int agreement(Tensor a, Tensor b) {
        int[] x = Predictions.argmax(a);
        int[] y = Predictions.argmax(b);
        int same = 0;
        for (int i = 0; i < x.length; i++) same += x[i] == y[i] ? 1 : 0;
        return same;
    }
}
