package lowbit.engine.torch;

import java.util.List;
import java.util.Random;

import lowbit.engine.ParamView;

/** Fresh values for a buffer: each view's {@code fill + std * N(0, 1)} from one seeded generator, in view order. */
final class TorchInit {

    private TorchInit() {
    }

    static float[] values(List<TorchOp.Param> init, List<ParamView> views, long seed) {
        Random random = new Random(seed);
        float[] out = new float[TorchNet.length(views)];
        for (int v = 0; v < views.size(); v++) {
            TorchOp.Param p = init.get(v);
            ParamView view = views.get(v);
            for (int i = 0; i < view.length(); i++) {
                out[view.offset() + i] = p.std() == 0 ? p.fill() : (float) (p.fill() + p.std() * random.nextGaussian());
            }
        }
        return out;
    }
}
