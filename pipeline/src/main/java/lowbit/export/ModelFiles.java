package lowbit.export;

import java.nio.file.Files;
import java.nio.file.Path;

import lowbit.LowbitException;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jEngine;

/** Loads a trained model file (DL4J ModelSerializer zip) with errors that name the file. */
public final class ModelFiles {

    private ModelFiles() {
    }

    public static TrainableModel load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LowbitException("model file " + file + " does not exist");
        }
        try {
            return new Dl4jEngine().load(file);
        } catch (Exception e) {
            throw new LowbitException("cannot read model file " + file + " as a DL4J ComputationGraph: " + e.getMessage(), e);
        }
    }
}
