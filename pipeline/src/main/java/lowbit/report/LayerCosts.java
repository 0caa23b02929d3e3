package lowbit.report;

import lowbit.model.graph.ParamView;
import lowbit.ptq.QuantizedTensor;
import lowbit.qgt.QuantizationBottleneck;
import lowbit.quant.BitWidth;
import lowbit.quant.SymmetricQuantizer;

/** rho_l and stored bytes of one weight layer at every bit width 1..8 (index = bits). */
public record LayerCosts(ParamView view, double[] rho, long[] bytes) {

    /** @param weights the layer's weights as they are quantized (after batch-norm folding, if any) */
    public static LayerCosts of(ParamView view, float[] weights, boolean perChannel) {
        double[] rho = new double[BitWidth.MAX + 1];
        long[] bytes = new long[BitWidth.MAX + 1];
        for (int b = BitWidth.MIN; b <= BitWidth.MAX; b++) {
            QuantizedTensor q = QuantizedTensor.of(view, weights, b, perChannel);
            rho[b] = QuantizationBottleneck.relativeError(weights, new SymmetricQuantizer(b), q.layout());
            bytes[b] = q.size().storedBytes();
        }
        return new LayerCosts(view, rho, bytes);
    }
}
