package lowbit.engine.dl4j;

import java.io.IOException;
import java.nio.file.Path;

import lowbit.engine.Engine;
import lowbit.engine.TrainableModel;

/** The DL4J/ND4J engine: models are {@link Dl4jModel}s saved with DL4J's ModelSerializer. */
public final class Dl4jEngine implements Engine {

    @Override
    public String name() {
        return "dl4j";
    }

    @Override
    public TrainableModel load(Path file) throws IOException {
        return Dl4jModel.load(file);
    }

    @Override
    public TrainableModel build(String architecture) {
        return Dl4jModel.fromArchitecture(architecture);
    }
}
