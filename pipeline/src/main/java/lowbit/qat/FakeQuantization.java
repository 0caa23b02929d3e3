package lowbit.qat;

import lowbit.quant.ViewLayouts;
import lowbit.method.WeightTransform;
import lowbit.model.graph.LayerSettings;
import lowbit.model.graph.ParamView;
import lowbit.quant.ScaleRule;
import lowbit.quant.SymmetricQuantizer;

import java.util.List;

/** QAT's forward weights: every weight view on its symmetric b-bit grid (per output channel or per tensor). */
public final class FakeQuantization implements WeightTransform {
    private final LayerSettings<Integer> bits;
    private final boolean perChannel;
    private final ScaleRule scaleRule;

    public FakeQuantization(LayerSettings<Integer> bits, boolean perChannel) {
        this(bits, perChannel, ScaleRule.MAX);
    }

    public FakeQuantization(LayerSettings<Integer> bits, boolean perChannel, ScaleRule scaleRule) {
        this.bits = bits;
        this.perChannel = perChannel;
        this.scaleRule = scaleRule;
    }

    @Override
    public float[] apply(float[] latent, List<ParamView> views) {
        if (!bits.isUniform()) bits.requireKnown(views, "qat layer-bits");
        float[] out = latent.clone();
        for (ParamView v : views) {
            if (v.kind().isWeight()) {
                SymmetricQuantizer q = new SymmetricQuantizer(bits.of(v), scaleRule);
                v.write(out, q.quantize(v.read(latent), ViewLayouts.alongOutputAxis(v, perChannel)));
            }
        }
        return out;
    }
}
