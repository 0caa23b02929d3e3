package lowbit.engine.torch;

import java.util.Map;

import lowbit.model.ModelZoo;

/** Test-only: zoo models on the torch engine as {@link TorchModel}s. */
final class Zoo {

    private Zoo() {
    }

    static TorchModel torch(String name, Map<String, String> options, int threads) {
        return TorchModel.of(ModelZoo.graph(name, options), ModelZoo.architecture(name, options), threads);
    }
}
