package lowbit.train;

import lowbit.engine.Engine;
import lowbit.engine.Engines;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jEngine;

import java.io.Serializable;
import java.util.Map;

/**
 * How to build the model anywhere (driver or executor): a zoo name and its string options, on an engine
 * ({@link Engines#NAMES}) with its intra-op threads (torch only; 0: OMP_NUM_THREADS, else every core).
 */
public record ModelRecipe(String name, Map<String, String> options, String engine, int engineThreads) implements Serializable {
    public ModelRecipe {
        options = Map.copyOf(options);
        if (!Engines.NAMES.contains(engine)) {
            throw new IllegalArgumentException("unknown engine '" + engine + "'; known: " + Engines.NAMES);
        }
    }

    /** On the DL4J engine. */
    public ModelRecipe(String name, Map<String, String> options) {
        this(name, options, Dl4jEngine.NAME, 0);
    }

    public Engine engineInstance() {
        return Engines.named(engine, engineThreads);
    }

    public TrainableModel build() {
        return engineInstance().zoo(name, options);
    }
}
