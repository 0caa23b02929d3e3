package lowbit.ptq;

import lowbit.quant.ViewLayouts;
import lowbit.model.graph.ParamView;
import lowbit.quant.ScaleRule;
import lowbit.quant.SymmetricQuantizer;
import lowbit.quant.TensorSize;
import lowbit.tensor.ChannelLayout;

/** A weight view on the symmetric b-bit grid: integer codes and one scale per channel (or one per tensor). */
public record QuantizedTensor(ParamView view, int bits, boolean perChannel, float[] scales, int[] codes) {

    /** Quantizes {@code weights}, the values of {@code view}, with scales taken from them. */
    public static QuantizedTensor of(ParamView view, float[] weights, int bits, boolean perChannel) {
        return of(view, weights, bits, perChannel, ScaleRule.MAX);
    }

    /** Quantizes {@code weights} with scales chosen from them by {@code rule}. */
    public static QuantizedTensor of(ParamView view, float[] weights, int bits, boolean perChannel, ScaleRule rule) {
        SymmetricQuantizer q = new SymmetricQuantizer(bits, rule);
        ChannelLayout layout = ViewLayouts.scales(view, perChannel);
        float[] scales = q.scales(weights, layout);
        return new QuantizedTensor(view, bits, perChannel, scales, q.codes(weights, scales, layout));
    }

    public ChannelLayout layout() {
        return ViewLayouts.scales(view, perChannel);
    }

    /** The values the network computes with: code * scale. */
    public float[] dequantized() {
        return new SymmetricQuantizer(bits).dequantize(codes, scales, layout());
    }

    public long nonzeros() {
        long n = 0;
        for (int c : codes) {
            if (c != 0) n++;
        }
        return n;
    }

    /** Storage by lowbit's size accounting (docs/methods.md): packed codes (or bitmap + nonzeros) plus 4 bytes per scale. */
    public TensorSize size() {
        return TensorSize.quantized(view.name(), codes.length, nonzeros(), bits, scales.length, false);
    }
}
