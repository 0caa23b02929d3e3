package lowbit.engine.torch;

import java.util.List;
import java.util.Random;

import lowbit.model.graph.Param;
import lowbit.model.graph.ParamView;

/** Fresh values for a buffer: each view's {@code fill + std * N(0, 1)} from one seeded generator, in view order. */
final class TorchInit {

    private TorchInit() {
    }

    static float[] values(List<Param> init, List<ParamView> views, long seed) {
        Random random = new Random(seed);
        int length = views.stream().mapToInt(ParamView::length).sum();
        float[] out = new float[length];
        for (int v = 0; v < views.size(); v++) {
            double fill = init.get(v).init().fill();
            double std = init.get(v).init().std();
            ParamView view = views.get(v);
            for (int i = 0; i < view.length(); i++) {
                out[view.offset() + i] = std == 0 ? (float) fill : (float) (fill + std * random.nextGaussian());
            }
        }
        return out;
    }
}
