package lowbit.export.onnx;

import java.util.Locale;

import lowbit.engine.ActivationQuantizer;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.eval.LabeledImages;
import lowbit.model.graph.ModelGraph;

/**
 * Runs an ONNX file in ONNX Runtime on labelled images and, given lowbit's own fake-quantized model, compares the two
 * image by image: the predicted class must be the same (a different class whose two logits agree within the tolerance
 * counts as a tie, not a disagreement) and every logit within {@code tolerance} of the largest lowbit logit magnitude
 * of that image.
 */
public final class OnnxVerification {
    /** The logit tolerance of files with float activations, relative to each image's largest logit magnitude. */
    public static final double TOLERANCE = 1e-4;
    /**
     * The logit tolerance of files with 8-bit activations. ONNX Runtime runs their QuantizeLinear / DequantizeLinear pairs
     * as integer kernels (QLinearConv, QGemm, ...) that round the int32 accumulator once onto the output grid, where
     * lowbit's fake quantization rounds a float convolution: a value near a rounding boundary lands one step apart, and a
     * few such steps move the logits by up to a few percent (2.4 % at most on 1,000 Fashion-MNIST images of LeNet).
     */
    public static final double ACTIVATION_TOLERANCE = 0.05;
    // lowbit's side keeps every node's output of a batch (ResNet-20: about 3 MB an image)
    private static final int BATCH = 32;

    private OnnxVerification() {
    }

    /** {@link #ACTIVATION_TOLERANCE} for a file whose activations are quantized, else {@link #TOLERANCE}. */
    public static double defaultTolerance(boolean quantizedActivations) {
        return quantizedActivations ? ACTIVATION_TOLERANCE : TOLERANCE;
    }

    /** lowbit's fake-quantized model: the quantized copy, its graph, and its activation quantization (or none). */
    public record Reference(TrainableModel model, ModelGraph graph, ActivationQuantizer activations) {
    }

    /**
     * @param images     images {@code onnx} expects (normalized as in training)
     * @param lowbit     the fake-quantized model to compare with, or null to measure ONNX Runtime's accuracy only
     */
    public static Result run(OnnxRuntimeModel onnx, LabeledImages images, Reference lowbit, double tolerance) {
        int classes = onnx.classes();
        int onnxCorrect = 0;
        int lowbitCorrect = 0;
        int ties = 0;
        int disagreements = 0;
        int outsideTolerance = 0;
        double worst = 0;
        int worstImage = -1;
        long t0 = System.nanoTime();
        double lowbitSeconds = 0;
        for (int from = 0; from < images.size(); from += BATCH) {
            int to = Math.min(images.size(), from + BATCH);
            Tensor batch = images.batch(from, to);
            OnnxRuntimeModel.Outputs o = onnx.run(batch);
            float[] ref = null;
            if (lowbit != null) {
                long l0 = System.nanoTime();
                ref = LowbitLogits.of(lowbit.model(), lowbit.graph(), batch, lowbit.activations());
                lowbitSeconds += (System.nanoTime() - l0) / 1e9;
                if (ref.length != o.logits().length) {
                    throw new IllegalStateException("lowbit's model has " + ref.length / (to - from) + " classes, the ONNX file " + classes);
                }
            }
            for (int i = 0; i < to - from; i++) {
                int label = images.labels()[from + i];
                int onnxClass = argmax(o.probabilities(), i, classes);
                if (onnxClass == label) onnxCorrect++;
                if (ref == null) continue;
                int lowbitClass = argmax(ref, i, classes);
                if (lowbitClass == label) lowbitCorrect++;
                double scale = 0;
                double diff = 0;
                for (int k = 0; k < classes; k++) {
                    scale = Math.max(scale, Math.abs(ref[i * classes + k]));
                    diff = Math.max(diff, Math.abs(ref[i * classes + k] - o.logits()[i * classes + k]));
                }
                double relative = scale == 0 ? diff : diff / scale;
                if (relative > worst) {
                    worst = relative;
                    worstImage = from + i;
                }
                if (relative > tolerance) outsideTolerance++;
                if (onnxClass != lowbitClass) {
                    double gap = Math.abs(ref[i * classes + onnxClass] - ref[i * classes + lowbitClass]);
                    if (gap <= tolerance * scale) ties++;
                    else disagreements++;
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9 - lowbitSeconds;
        int n = images.size();
        return new Result(n, (double) onnxCorrect / n, lowbit == null ? Double.NaN : (double) lowbitCorrect / n,
                lowbit != null, disagreements, ties, outsideTolerance, worst, worstImage, tolerance, onnx.runtimeVersion(), seconds);
    }

    private static int argmax(float[] rows, int row, int classes) {
        int best = 0;
        for (int k = 1; k < classes; k++) {
            if (rows[row * classes + k] > rows[row * classes + best]) best = k;
        }
        return best;
    }

    /**
     * @param disagreements     images where the two predict different classes whose lowbit logits differ by more than the tolerance
     * @param ties              images with different classes whose lowbit logits agree within the tolerance
     * @param outsideTolerance  images with a logit further than the tolerance from lowbit's
     * @param largestDifference the largest logit difference, relative to its image's largest lowbit logit magnitude
     * @param onnxSeconds       time spent in ONNX Runtime
     */
    public record Result(int images, double onnxAccuracy, double lowbitAccuracy, boolean compared, int disagreements, int ties,
                         int outsideTolerance, double largestDifference, int largestDifferenceImage, double tolerance,
                         String runtimeVersion, double onnxSeconds) {

        public boolean passed() {
            return !compared || (disagreements == 0 && outsideTolerance == 0);
        }

        public String describe() {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "ONNX Runtime %s: accuracy %.4f on %d images (%.1f s)",
                    runtimeVersion, onnxAccuracy, images, onnxSeconds));
            if (compared) {
                s.append(String.format(Locale.ROOT, "%nlowbit fake-quantized model: accuracy %.4f", lowbitAccuracy));
                s.append(String.format(Locale.ROOT, "%nsame class on %d of %d images (%d ties within the tolerance, %d disagreements); "
                                + "largest logit difference %.3g of the image's largest logit (image %d), %d images above the tolerance %.0e: %s",
                        images - disagreements - ties, images, ties, disagreements, largestDifference, largestDifferenceImage,
                        outsideTolerance, tolerance, passed() ? "PASSED" : "FAILED"));
            }
            return s.toString();
        }
    }
}
