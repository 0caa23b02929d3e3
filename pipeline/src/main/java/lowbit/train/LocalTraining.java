package lowbit.train;

import lowbit.data.read.Normalization;
import lowbit.data.read.ReadOptions;
import lowbit.data.shard.Manifest;
import lowbit.engine.TrainableModel;

import java.util.function.Consumer;

/**
 * Training in this JVM only, with no Spark: what a sweep cell running inside one Spark task does. The model
 * ends with the trained (for QAT, fake-quantized) parameters and batch-norm state.
 */
public final class LocalTraining {
    private LocalTraining() {
    }

    /** @param start parameters to start from (null: the model's own initialization) */
    public static TrainState run(TrainSpec spec, TrainableModel model, float[] start, float[] startBatchNorm, Consumer<String> log) {
        return run(spec, model, start, startBatchNorm, log, state -> { });
    }

    /** @param epochEnd receives the state after every epoch */
    public static TrainState run(TrainSpec spec, TrainableModel model, float[] start, float[] startBatchNorm, Consumer<String> log,
                                 Consumer<TrainState> epochEnd) {
        Manifest manifest = Manifest.read(spec.data());
        int classes = manifest.classes().size();
        Normalization normalization = TrainJob.normalization(spec, manifest);
        ReadOptions read = new ReadOptions(spec.batchSize(), spec.shuffleBuffer(), spec.seed(), normalization, spec.augmentation());
        try (GradientSource source = new LocalGradients(model, new SplitSteps(spec.data(), spec.trainSplit(),
                TrainJob.records(manifest, spec.trainSplit()), classes, read, spec.maxStepsPerEpoch()), true)) {
            Trainer trainer = new Trainer(model.parameterViews(), source,
                    new LocalEvaluator(model, spec.data(), classes, normalization, spec.evalBatchSize()), spec.evalSplits(),
                    spec.optimizer(model.parameterCount()), spec.lr(), spec.regularizers(), spec.transform(), spec.epochs(),
                    log, epochEnd).finishingWith(spec.finish());
            TrainState end = trainer.run(TrainState.initial(start != null ? start : model.parameters(),
                    startBatchNorm != null ? startBatchNorm : model.batchNormState()));
            model.setParameters(trainer.effective(end));
            if (end.batchNorm().length > 0) {
                model.setBatchNormState(end.batchNorm());
            }
            return end;
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }
}
