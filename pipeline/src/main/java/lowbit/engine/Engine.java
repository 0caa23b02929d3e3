package lowbit.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** A numerical back end that runs {@link TrainableModel}s: DL4J ({@code dl4j}) or libtorch ({@code torch}). */
public interface Engine {

    String name();

    /** Reads a model written by {@link TrainableModel#save} of this engine. */
    TrainableModel load(Path file) throws IOException;

    /** A network of the given {@link TrainableModel#architecture()}, with freshly initialized parameters. */
    TrainableModel build(String architecture);

    /** A zoo model by name and string options (see {@link lowbit.model.ModelZoo}), freshly initialized. */
    TrainableModel zoo(String name, Map<String, String> options);
}
