package lowbit.engine;

import java.util.List;

import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.engine.torch.TorchEngine;

/** The engines by the names that configuration ({@code lowbit.train.engine}) and exported files use. */
public final class Engines {

    public static final List<String> NAMES = List.of(Dl4jEngine.NAME, TorchEngine.NAME);

    private Engines() {
    }

    /** @param threads intra-op threads of the torch engine (0: OMP_NUM_THREADS, else every core); DL4J reads OMP_NUM_THREADS */
    public static Engine named(String name, int threads) {
        return switch (name) {
            case Dl4jEngine.NAME -> new Dl4jEngine();
            case TorchEngine.NAME -> new TorchEngine(threads);
            default -> throw new IllegalArgumentException("unknown engine '" + name + "'; known: " + NAMES);
        };
    }
}
