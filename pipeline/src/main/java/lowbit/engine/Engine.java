package lowbit.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A numerical back end that runs {@link TrainableModel}s: libtorch ({@code torch}) or DL4J ({@code dl4j}). Engines are
 * found through {@link Engines} (a {@link java.util.ServiceLoader} of {@link Provider}s); any engine builds any model
 * graph and reads lowbit model files ({@link ModelFiles}).
 */
public interface Engine {

    String name();

    /** A network of the given {@link TrainableModel#architecture()}, with freshly initialized parameters. */
    TrainableModel build(String architecture);

    /** A zoo model by name and string options (see {@link lowbit.model.ModelZoo}), freshly initialized. */
    TrainableModel zoo(String name, Map<String, String> options);

    /** Whether {@code file} is a model file in a format of this engine's own, from before lowbit model files. */
    boolean readsOwnFile(Path file);

    /** Reads a file {@link #readsOwnFile} accepts. */
    TrainableModel loadOwnFile(Path file) throws IOException;

    /** Makes an engine; listed in {@code META-INF/services/lowbit.engine.Engine$Provider}. */
    interface Provider {
        String name();

        /** @param threads intra-op threads per model where the engine has such a setting (0: its default) */
        Engine create(int threads);
    }
}
