package lowbit.export;

import java.nio.file.Files;
import java.nio.file.Path;

import lowbit.LowbitException;
import lowbit.engine.Engine;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.engine.torch.TorchEngine;

/** Loads a trained model file (DL4J ModelSerializer zip, or a torch engine model file) with errors that name the file. */
public final class ModelFiles {

    private ModelFiles() {
    }

    public static TrainableModel load(Path file) {
        return load(file, 0);
    }

    /** @param torchThreads intra-op threads when the file holds a torch engine model (0: OMP_NUM_THREADS, else every core) */
    public static TrainableModel load(Path file, int torchThreads) {
        if (!Files.isRegularFile(file)) {
            throw new LowbitException("model file " + file + " does not exist");
        }
        Engine engine = engineOf(file, torchThreads);
        try {
            return engine.load(file);
        } catch (Exception e) {
            String what = engine instanceof TorchEngine ? "a torch engine model" : "a DL4J ComputationGraph";
            throw new LowbitException("cannot read model file " + file + " as " + what + ": " + e.getMessage(), e);
        }
    }

    /** The engine that wrote a model file, which is the one to load it with and to build copies of its model. */
    public static Engine engineOf(Path file, int torchThreads) {
        try {
            return TorchEngine.isModelFile(file) ? new TorchEngine(torchThreads) : new Dl4jEngine();
        } catch (Exception e) {
            throw new LowbitException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }
}
