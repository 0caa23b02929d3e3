package lowbit.ptq;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;

/**
 * Per-tensor calibration ranges: the min and max of each named activation over calibration batches, or a clip
 * range chosen by an {@link ActivationRangeRule} from a second pass's histograms; widened to contain 0
 * (TensorFlow's convention, so that 0 is exact on the grid).
 */
public final class ActivationRanges {

    /** [min, max] per tensor, in the order given. */
    private final Map<String, double[]> ranges = new LinkedHashMap<>();

    private ActivationRanges() {
    }

    /**
     * The ranges of {@code tensors} over float inference passes of {@code model} on {@code batches} (iterated twice
     * when the rule needs histograms), chosen for a grid of {@code bits}.
     */
    public static ActivationRanges calibrate(TrainableModel model, Collection<String> tensors, Iterable<Tensor> batches,
                                             ActivationRangeRule rule, int bits) {
        ActivationRanges minMax = calibrate(model, tensors, batches);
        if (!rule.needsHistogram()) return minMax;
        Map<String, ActivationHistogram> histograms = new LinkedHashMap<>();
        for (String t : tensors) {
            histograms.put(t, new ActivationHistogram(minMax.min(t), minMax.max(t), ActivationHistogram.DEFAULT_BINS));
        }
        for (Tensor batch : batches) {
            Map<String, Tensor> acts = model.activations(batch);
            histograms.forEach((t, h) -> h.add(acts.get(t).data()));
        }
        ActivationRanges r = new ActivationRanges();
        histograms.forEach((t, h) -> {
            double[] clip = rule.range(h, bits);
            r.ranges.put(t, new double[] {Math.min(0, clip[0]), Math.max(0, clip[1])});
        });
        return r;
    }

    /** The min/max ranges of {@code tensors} over float inference passes of {@code model} on {@code batches}. */
    public static ActivationRanges calibrate(TrainableModel model, Collection<String> tensors, Iterable<Tensor> batches) {
        ActivationRanges r = new ActivationRanges();
        for (String t : tensors) r.ranges.put(t, new double[] {0, 0});
        boolean any = false;
        for (Tensor batch : batches) {
            Map<String, Tensor> acts = model.activations(batch);
            for (Map.Entry<String, double[]> e : r.ranges.entrySet()) {
                Tensor a = acts.get(e.getKey());
                if (a == null) throw new IllegalArgumentException("the model has no tensor named " + e.getKey());
                double[] range = e.getValue();
                for (float v : a.data()) {
                    if (!Float.isFinite(v)) throw new IllegalStateException("non-finite activation in " + e.getKey());
                    range[0] = Math.min(range[0], v);
                    range[1] = Math.max(range[1], v);
                }
            }
            any = true;
        }
        if (!any) throw new IllegalArgumentException("calibration needs at least one batch");
        return r;
    }

    /** The calibrated tensors' names, in calibration order. */
    public Collection<String> tensors() {
        return ranges.keySet();
    }

    public double min(String tensor) {
        return range(tensor)[0];
    }

    public double max(String tensor) {
        return range(tensor)[1];
    }

    private double[] range(String tensor) {
        double[] r = ranges.get(tensor);
        if (r == null) throw new IllegalArgumentException("no calibrated range for " + tensor);
        return r;
    }
}
