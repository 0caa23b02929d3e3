package lowbit.ptq;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import lowbit.engine.ActivationQuantizer;
import lowbit.quant.AsymmetricQuantizer;

/** Asymmetric b-bit fake quantization of each calibrated tensor on the grid of its calibration range. */
public final class CalibratedActivations implements ActivationQuantizer {

    private final Map<String, AsymmetricQuantizer> quantizers = new LinkedHashMap<>();

    public CalibratedActivations(ActivationRanges ranges, int bits) {
        for (String t : ranges.tensors()) {
            quantizers.put(t, AsymmetricQuantizer.forRange(ranges.min(t), ranges.max(t), bits));
        }
    }

    @Override
    public Set<String> tensors() {
        return quantizers.keySet();
    }

    @Override
    public void quantize(String tensor, float[] values) {
        AsymmetricQuantizer q = quantizers.get(tensor);
        if (q == null) throw new IllegalArgumentException("no calibrated range for " + tensor);
        q.fakeQuantize(values);
    }

    public AsymmetricQuantizer quantizer(String tensor) {
        return quantizers.get(tensor);
    }
}
