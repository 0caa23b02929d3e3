package lowbit.imports;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import lowbit.engine.Engine;
import lowbit.engine.Engines;
import lowbit.engine.ModelFiles;
import lowbit.engine.TrainableModel;
import lowbit.model.ModelFile;

/**
 * Every file a run can name as a model (an init model, a teacher): a lowbit model file, an older engine file, or a
 * Keras {@code .h5} imported on the fly (its head and input scaling as {@code lowbit import} gives them by default).
 */
public final class ModelSources {
    private ModelSources() {
    }

    /** @param engine the engine to run the model on (older engine files load on their own) */
    public static ModelFiles.Loaded read(String source, String engine, int threads) {
        if (!source.toLowerCase(Locale.ROOT).endsWith(".h5")) {
            return ModelFiles.read(Path.of(source), engine, threads);
        }
        ModelFile f = ModelImport.run(new ModelImport.Request(ModelImport.KERAS_H5, Path.of(source), engine, List.of(), 0, null, 0));
        Engine e = Engines.named(engine, threads);
        TrainableModel model = e.build(f.architecture());
        model.setParameters(f.parameters());
        model.setBatchNormState(f.state());
        return new ModelFiles.Loaded(model, e, Optional.of(f));
    }
}
