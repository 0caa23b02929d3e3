package lowbit.engine;

import java.io.IOException;
import java.nio.file.Path;

/** A numerical back end that runs {@link TrainableModel}s (DL4J today; libtorch later). */
public interface Engine {

    String name();

    /** Reads a model written by {@link TrainableModel#save} of this engine. */
    TrainableModel load(Path file) throws IOException;

    /** A network of the given {@link TrainableModel#architecture()}, with freshly initialized parameters. */
    TrainableModel build(String architecture);
}
