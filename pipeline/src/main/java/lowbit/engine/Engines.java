package lowbit.engine;

import java.util.List;
import java.util.ServiceLoader;

/** The engines on the classpath, by the names that configuration ({@code lowbit.train.engine}) and model files use. */
public final class Engines {

    /** libtorch through the JavaCPP presets: what lowbit trains on unless told otherwise. */
    public static final String TORCH = "torch";
    /** Deeplearning4j: selectable, and the engine of mode parameter-averaging (DL4J Spark's training master). */
    public static final String DL4J = "dl4j";
    /** What lowbit trains on unless told otherwise. */
    public static final String DEFAULT = TORCH;

    private static final List<Engine.Provider> PROVIDERS = ServiceLoader.load(Engine.Provider.class, Engines.class.getClassLoader())
            .stream().map(ServiceLoader.Provider::get).toList();

    private Engines() {
    }

    public static List<String> names() {
        return PROVIDERS.stream().map(Engine.Provider::name).toList();
    }

    /** @param threads intra-op threads of the torch engine (0: OMP_NUM_THREADS, else every core); DL4J reads OMP_NUM_THREADS */
    public static Engine named(String name, int threads) {
        for (Engine.Provider p : PROVIDERS) {
            if (p.name().equals(name)) return p.create(threads);
        }
        throw new IllegalArgumentException("unknown engine '" + name + "'; known: " + names());
    }

    /** Every engine, each with its default threads. */
    static List<Engine> all(int threads) {
        return PROVIDERS.stream().map(p -> p.create(threads)).toList();
    }
}
