package lowbit.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import lowbit.LowbitException;
import lowbit.data.read.Normalization;
import lowbit.model.ModelFile;

/**
 * Reads and writes model files with errors that name the file: lowbit model files ({@link ModelFile}), which any engine
 * runs, and the older formats an engine wrote of its own (DL4J ModelSerializer zips, torch engine files).
 */
public final class ModelFiles {

    /**
     * A model read from a file, the engine that runs it, and what a lowbit model file says about it (how to scale the
     * input pixels, the class names; empty for the older formats).
     */
    public record Loaded(TrainableModel model, Engine engine, Optional<ModelFile> file) {

        /** The input scaling the file records, else {@code fallback}. */
        public Normalization input(Normalization fallback) {
            return file.map(ModelFile::input).filter(n -> n != null).orElse(fallback);
        }

        public List<String> classes() {
            return file.map(ModelFile::classes).orElse(List.of());
        }
    }

    private ModelFiles() {
    }

    public static TrainableModel load(Path file) {
        return read(file, null, 0).model();
    }

    /**
     * @param engine  the engine to run a lowbit model file on (null: the one that wrote it, else {@link Engines#DEFAULT});
     *                files of an engine's own format always load on that engine
     * @param threads intra-op threads of the torch engine (0: OMP_NUM_THREADS, else every core)
     */
    public static Loaded read(Path file, String engine, int threads) {
        if (!Files.isRegularFile(file)) throw new LowbitException("model file " + file + " does not exist");
        if (ModelFile.isModelFile(file)) {
            ModelFile f;
            try {
                f = ModelFile.read(file);
            } catch (IOException e) {
                throw new LowbitException("cannot read model file " + file + ": " + e.getMessage(), e);
            }
            String name = engine != null ? engine : f.provenance().getOrDefault("engine", Engines.DEFAULT);
            Engine e = Engines.named(Engines.names().contains(name) ? name : Engines.DEFAULT, threads);
            try {
                TrainableModel model = e.build(f.architecture());
                model.setParameters(f.parameters());
                model.setBatchNormState(f.state());
                return new Loaded(model, e, Optional.of(f));
            } catch (RuntimeException ex) {
                throw new LowbitException("model file " + file + " does not fit its architecture '" + f.architecture() + "': "
                        + ex.getMessage(), ex);
            }
        }
        for (Engine e : Engines.all(threads)) {
            if (!e.readsOwnFile(file)) continue;
            try {
                return new Loaded(e.loadOwnFile(file), e, Optional.empty());
            } catch (Exception ex) {
                throw new LowbitException("cannot read model file " + file + " as a " + e.name() + " engine model: " + ex.getMessage(), ex);
            }
        }
        throw new LowbitException(file + " is not a lowbit model file (a zip with model.json), nor a DL4J or torch engine model file");
    }

    /** The engine that runs a model file when none is asked for: the one to build copies of its model with. */
    public static Engine engineOf(Path file, int threads) {
        return read(file, null, threads).engine();
    }

    /** Writes {@code model} as a lowbit model file that records nothing about its input or classes. */
    public static void save(TrainableModel model, Path file) throws IOException {
        save(model, file, null, List.of(), Map.of());
    }

    /**
     * Writes {@code model} as a lowbit model file.
     *
     * @param input   how the model's input pixels are scaled (null: unknown)
     * @param classes the class names in output order (empty: unknown)
     */
    public static void save(TrainableModel model, Path file, Normalization input, List<String> classes, Map<String, String> provenance)
            throws IOException {
        Map<String, String> p = new LinkedHashMap<>(provenance);
        p.putIfAbsent("engine", model.engineName());
        new ModelFile(model.architecture(), model.parameters(), model.batchNormState(), input, classes, p).write(file);
    }
}
