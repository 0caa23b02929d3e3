package lowbit.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import lowbit.LowbitException;
import lowbit.data.read.Normalization;
import lowbit.engine.ModelFiles;
import lowbit.engine.TrainableModel;
import lowbit.imports.ModelImport;
import lowbit.model.ModelFile;
import lowbit.model.ModelZoo;
import lowbit.model.graph.ParamView;

/**
 * The model a run starts from ({@code lowbit.train.init}): a lowbit model file (of train, sweep or import), an older
 * engine file, or a Keras {@code .h5} file imported on the fly. Its architecture replaces the configured model; a
 * dataset with another class count gets a freshly initialized classifier ("a new head") and keeps everything else.
 *
 * @param input how the model expects pixels scaled (null: not recorded)
 */
public record InitialModel(String source, String architecture, float[] parameters, float[] state, Normalization input, List<String> classes) {

    /** @param engine the engine of the run (older engine files load on their own engine, then move over as values) */
    public static InitialModel load(String source, String engine) {
        if (source.toLowerCase(java.util.Locale.ROOT).endsWith(".h5")) {
            ModelFile f = ModelImport.run(new ModelImport.Request(ModelImport.KERAS_H5, Path.of(source), engine, List.of(), 0, null, 0));
            return new InitialModel(source, f.architecture(), f.parameters(), f.state(), f.input(), f.classes());
        }
        ModelFiles.Loaded l = ModelFiles.read(Path.of(source), engine, 0);
        TrainableModel m = l.model();
        if (m.modelGraph().isEmpty()) {
            throw new LowbitException("lowbit.train.init = " + source + " is a DL4J model whose architecture is not a zoo model; it cannot start a run");
        }
        return new InitialModel(source, m.architecture(), m.parameters(), m.batchNormState(),
                l.file().map(ModelFile::input).orElse(null), l.classes());
    }

    /**
     * The configured recipe with this model's zoo name and options instead of the configured ones, its seed the run's
     * (it only seeds a new head), and its input shape and classes left for {@link ModelRecipe#fittedTo} to take from the
     * dataset: a fully convolutional model runs at another size, while weights that then change shape are an error.
     */
    public ModelRecipe recipe(ModelRecipe configured) {
        ModelZoo.Architecture a = ModelZoo.fromArchitecture(architecture);
        Map<String, String> options = new TreeMap<>(a.options());
        for (String fromData : List.of("seed", "classes", "size", "height", "width", "channels")) options.remove(fromData);
        options.put("seed", configured.options().getOrDefault("seed", "1"));
        return new ModelRecipe(a.name(), options, configured.engine(), configured.engineThreads());
    }

    /**
     * The parameters to start {@code fresh} (a model of {@link #recipe}, fitted to the dataset) from: this model's values
     * for every view, but the classifier's fresh ones when the class count changed. Views that differ otherwise are an
     * error naming them.
     */
    public float[] startParameters(TrainableModel fresh) {
        float[] out = fresh.parameters();
        Map<String, ParamView> mine = new TreeMap<>();
        ModelZoo.fromArchitecture(architecture).graph().trainableViews().forEach(v -> mine.put(v.name(), v));
        for (ParamView v : fresh.parameterViews()) {
            ParamView m = mine.get(v.name());
            boolean head = v.layer().equals(fresh.modelGraph().orElseThrow().output().name());
            if (m == null || m.length() != v.length()) {
                if (head) continue; // a new head for the dataset's classes
                throw new LowbitException("lowbit.train.init = " + source + " does not fit the run's model at " + v.name());
            }
            v.write(out, m.read(parameters));
        }
        return out;
    }

    public float[] startState(TrainableModel fresh) {
        if (state.length != fresh.batchNormState().length) {
            throw new LowbitException("lowbit.train.init = " + source + " has " + state.length + " batch-norm values, the run's model "
                    + fresh.batchNormState().length);
        }
        return state.clone();
    }
}
