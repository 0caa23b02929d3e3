package lowbit.testing;

import java.util.Random;

import lowbit.engine.TrainableModel;
import lowbit.model.graph.ParamKind;
import lowbit.model.graph.ParamView;

/** Batch-norm parameters and running statistics away from their initial 1 / 0, so that folding them is tested. */
public final class RandomBatchNorm {

    private RandomBatchNorm() {
    }

    /** Gamma in [0.5, 1.5), beta ~ 0.1 N(0, 1), running variance in [0.5, 2), running mean ~ 0.1 N(0, 1); seeded. */
    public static void apply(TrainableModel model) {
        Random rng = new Random(5);
        float[] p = model.parameters();
        for (ParamView v : model.parameterViews()) {
            for (int i = 0; i < v.length(); i++) {
                if (v.kind() == ParamKind.BN_GAMMA) p[v.offset() + i] = 0.5f + rng.nextFloat();
                if (v.kind() == ParamKind.BN_BETA) p[v.offset() + i] = 0.1f * (float) rng.nextGaussian();
            }
        }
        model.setParameters(p);
        float[] s = model.batchNormState();
        for (ParamView v : model.batchNormStateViews()) {
            for (int i = 0; i < v.length(); i++) {
                s[v.offset() + i] = v.kind() == ParamKind.BN_VAR ? 0.5f + 1.5f * rng.nextFloat() : 0.1f * (float) rng.nextGaussian();
            }
        }
        model.setBatchNormState(s);
    }
}
