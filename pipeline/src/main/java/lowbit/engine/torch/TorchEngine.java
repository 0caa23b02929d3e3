package lowbit.engine.torch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import lowbit.engine.Engine;
import lowbit.engine.Engines;
import lowbit.engine.TrainableModel;
import lowbit.model.ModelZoo;

/** The libtorch engine: {@link TorchModel}s of model graphs, each running on {@code threads} intra-op threads. */
public final class TorchEngine implements Engine {

    public static final String NAME = Engines.TORCH;

    /** Registers the engine with {@link lowbit.engine.Engines}. */
    public static final class Provider implements Engine.Provider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Engine create(int threads) {
            return new TorchEngine(threads);
        }
    }

    private final int threads;

    /** @param threads libtorch intra-op threads per model; 0: OMP_NUM_THREADS, else every core */
    public TorchEngine(int threads) {
        this.threads = threads;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TrainableModel build(String architecture) {
        return TorchModel.of(ModelZoo.fromArchitecture(architecture).graph(), architecture, threads);
    }

    @Override
    public TrainableModel zoo(String name, Map<String, String> options) {
        return TorchModel.of(ModelZoo.graph(name, options), ModelZoo.architecture(name, options), threads);
    }

    /** The torch engine's own files ({@code lowbit-torch-model v1}), which it wrote before lowbit model files. */
    @Override
    public boolean readsOwnFile(Path file) {
        try {
            return TorchModelFile.isTorchModel(file);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public TrainableModel loadOwnFile(Path file) throws IOException {
        return TorchModel.load(file, threads);
    }
}
