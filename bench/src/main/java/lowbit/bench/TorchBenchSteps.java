package lowbit.bench;

import java.util.Map;

import lowbit.engine.TrainableModel;
import lowbit.engine.torch.TorchEngine;
import lowbit.tensor.Tensor;
import lowbit.train.Sgd;

/**
 * A benchmark model's steps on the torch engine, as our trainer runs them: a training step is forward-backward, the
 * gradient copied out, lowbit's momentum SGD (lr 0.01, momentum 0.9) in Java and the parameters copied in; inference
 * is {@code forward}. Random seeded data; intra-op threads from OMP_NUM_THREADS, else every core.
 */
record TorchBenchSteps(TrainableModel model, Runnable train, Runnable infer) {

    static TorchBenchSteps of(BenchModel bench) {
        TrainableModel built = new TorchEngine(0).zoo(bench.zooName, Map.of());
        Tensor x = bench.randomFeatures();
        int[] y = bench.randomLabels();
        Sgd sgd = new Sgd(built.parameterCount(), 0.9, false, 0);
        float[] params = built.parameters();
        Runnable train = () -> {
            built.forwardBackward(x, y);
            sgd.step(params, built.gradients(), 0.01);
            built.setParameters(params);
        };
        return new TorchBenchSteps(built, train, () -> built.forward(x));
    }
}
