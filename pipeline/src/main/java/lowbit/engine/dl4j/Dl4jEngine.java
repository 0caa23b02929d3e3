package lowbit.engine.dl4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import lowbit.engine.Engine;
import lowbit.engine.TrainableModel;
import lowbit.model.ModelZoo;

/** The DL4J/ND4J engine: models are {@link Dl4jModel}s saved with DL4J's ModelSerializer. */
public final class Dl4jEngine implements Engine {

    public static final String NAME = "dl4j";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TrainableModel load(Path file) throws IOException {
        return Dl4jModel.load(file);
    }

    @Override
    public TrainableModel build(String architecture) {
        return Dl4jModel.fromArchitecture(architecture);
    }

    @Override
    public TrainableModel zoo(String name, Map<String, String> options) {
        return ModelZoo.build(name, options);
    }
}
