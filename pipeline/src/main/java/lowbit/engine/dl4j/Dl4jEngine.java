package lowbit.engine.dl4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import lowbit.engine.Engine;
import lowbit.engine.Engines;
import lowbit.engine.TrainableModel;
import lowbit.model.ModelZoo;

/** The DL4J/ND4J engine: {@link Dl4jModel}s of model graphs ({@link Dl4jNetworks}). */
public final class Dl4jEngine implements Engine {

    public static final String NAME = Engines.DL4J;

    /** Registers the engine with {@link lowbit.engine.Engines}. */
    public static final class Provider implements Engine.Provider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Engine create(int threads) {
            return new Dl4jEngine();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A zoo architecture text, or a DL4J configuration JSON (of a model read from a DL4J zip). */
    @Override
    public TrainableModel build(String architecture) {
        if (architecture.trim().startsWith("{")) return Dl4jModel.fromArchitecture(architecture);
        return Dl4jNetworks.build(ModelZoo.fromArchitecture(architecture).graph(), architecture);
    }

    @Override
    public TrainableModel zoo(String name, Map<String, String> options) {
        return Dl4jNetworks.build(ModelZoo.graph(name, options), ModelZoo.architecture(name, options));
    }

    /** DL4J ModelSerializer zips, which lowbit wrote for DL4J models before lowbit model files. */
    @Override
    public boolean readsOwnFile(Path file) {
        return Dl4jZipFiles.isDl4jZip(file);
    }

    @Override
    public TrainableModel loadOwnFile(Path file) throws IOException {
        return Dl4jModel.load(file);
    }
}
