package lowbit.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import lowbit.LowbitException;
import lowbit.data.read.Normalization;
import lowbit.data.shard.Manifest;
import lowbit.engine.Engine;
import lowbit.engine.Engines;
import lowbit.engine.ModelFiles;
import lowbit.engine.TrainableModel;
import lowbit.export.PackedModelReader;
import lowbit.model.ModelFile;
import lowbit.train.job.TrainJob;
import picocli.CommandLine.Option;

/**
 * The model a command reads: a lowbit model file (of train, sweep or import), an older DL4J or torch engine file, or a
 * packed {@code .lowbit} export; and how its input pixels are scaled: what the model file records, else
 * {@code --normalization}.
 */
final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "A model: model.zip of train, sweep or import (a lowbit model file), an older DL4J or torch engine file, or a packed .lowbit export")
    Path model;

    @Option(names = "--engine", paramLabel = "NAME", description = "Engine to run a model file on: torch or dl4j (default: the one that wrote it)")
    String engine;

    @Option(names = "--normalization", paramLabel = "KIND",
            description = "For models that do not record it: unit (pixels in [0, 1]) or dataset (the train split's mean and std "
                    + "from the dataset's manifest); default: the model file's own scaling, else unit")
    String normalization;

    /** The model, the engine it runs on, and its model file's records where it has them. */
    record Loaded(TrainableModel model, Engine engine, Optional<ModelFile> file) {
    }

    Loaded load() {
        if (engine != null && !Engines.names().contains(engine)) {
            throw new LowbitException("--engine must be one of " + Engines.names() + ", not '" + engine + "'");
        }
        if (PackedModelReader.isPacked(model)) {
            TrainableModel packed = PackedModelReader.read(model);
            return new Loaded(packed, Engines.named(packed.engineName(), 0), Optional.empty());
        }
        ModelFiles.Loaded l = ModelFiles.read(model, engine, 0);
        return new Loaded(l.model(), l.engine(), l.file());
    }

    /** The scaling given by --normalization, else the model file's, else [0, 1]. */
    Normalization normalization(Loaded loaded, String datasetDir) {
        if (normalization != null) {
            return switch (normalization) {
                case "unit" -> Normalization.UNIT;
                case "dataset" -> TrainJob.datasetNormalization(datasetDir, Manifest.read(datasetDir), "--normalization unit");
                default -> throw new LowbitException("--normalization must be unit or dataset, not " + normalization);
            };
        }
        return loaded.file().map(ModelFile::input).filter(n -> n != null).orElse(Normalization.UNIT);
    }

    /**
     * The dataset's class names, checked against the model's: as many outputs as classes, and the same names where the
     * model file records them.
     */
    static List<String> classes(Loaded loaded, Manifest manifest, int outputs, Path model, String datasetDir) {
        List<String> data = manifest.classes();
        if (outputs != data.size()) {
            throw new LowbitException(model + " has " + outputs + " classes, the dataset " + datasetDir + " " + data.size() + " " + data);
        }
        List<String> named = loaded.file().map(ModelFile::classes).orElse(List.of());
        if (!named.isEmpty() && !named.equals(data)) {
            throw new LowbitException(model + "'s classes " + named + " are not the dataset's " + data + " (in order)");
        }
        return data;
    }
}
