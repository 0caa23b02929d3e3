package lowbit.qgt;

import lowbit.method.Regularizer;
import lowbit.model.graph.LayerSettings;
import lowbit.model.graph.ParamView;
import lowbit.qgt.LambdaSchedule;
import lowbit.qgt.QgtPenaltyKind;
import lowbit.qgt.WeightPenalty;
import lowbit.quant.ScaleRule;
import lowbit.quant.ViewLayouts;
import lowbit.tensor.ChannelLayout;

import java.util.List;

/**
 * QGT (docs/methods.md): grad += lambda(t) alpha_l dR_l/dw with R_l the mean squared distance of
 * layer l's weights to its b_l-bit grid (or the sine variant), scales per output channel or per tensor.
 */
public final class QgtRegularizer implements Regularizer {
    private final LambdaSchedule lambda;
    private final LayerSettings<Integer> bits;
    private final LayerSettings<Double> alpha;
    private final boolean perChannel;
    private final QgtPenaltyKind penalty;
    private final ScaleRule scaleRule;

    public QgtRegularizer(LambdaSchedule lambda, LayerSettings<Integer> bits, LayerSettings<Double> alpha,
                          boolean perChannel, QgtPenaltyKind penalty) {
        this(lambda, bits, alpha, perChannel, penalty, ScaleRule.MAX);
    }

    public QgtRegularizer(LambdaSchedule lambda, LayerSettings<Integer> bits, LayerSettings<Double> alpha,
                          boolean perChannel, QgtPenaltyKind penalty, ScaleRule scaleRule) {
        this.scaleRule = scaleRule;
        this.lambda = lambda;
        this.bits = bits;
        this.alpha = alpha;
        this.perChannel = perChannel;
        this.penalty = penalty;
    }

    @Override
    public String name() {
        return "qgt";
    }

    public LambdaSchedule lambda() {
        return lambda;
    }

    /** Penalty weight of a weight view: its alpha (lambda(t) multiplies it). */
    public double alphaOf(ParamView view) {
        return alpha.of(view);
    }

    public int bitsOf(ParamView view) {
        return bits.of(view);
    }

    public boolean perChannel() {
        return perChannel;
    }

    public QgtPenaltyKind penalty() {
        return penalty;
    }

    public ScaleRule scaleRule() {
        return scaleRule;
    }

    @Override
    public void bind(List<ParamView> views) {
        bits.requireKnown(views, "qgt bits");
        alpha.requireKnown(views, "qgt alpha");
    }

    @Override
    public double addGradient(float[] params, float[] grad, List<ParamView> views, double epoch) {
        double lam = lambda.at(epoch);
        if (lam == 0) {
            return 0;
        }
        double total = 0;
        for (ParamView v : targets(views)) {
            double weight = lam * alpha.of(v);
            WeightPenalty p = penalty.create(bits.of(v), scaleRule);
            float[] w = v.read(params);
            ChannelLayout layout = ViewLayouts.alongOutputAxis(v, perChannel);
            WeightPenalty.ValueAndGradient r = p.valueAndGradient(w, layout);
            float[] g = r.gradient();
            for (int i = 0; i < g.length; i++) {
                grad[v.offset() + i] += (float) (weight * g[i]);
            }
            total += weight * r.value();
        }
        return total;
    }
}
