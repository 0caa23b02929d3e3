package lowbit.train;

import lowbit.data.read.Batch;
import lowbit.data.read.BatchAssembler;
import lowbit.data.read.Batches;
import lowbit.data.read.ImageExample;
import lowbit.data.read.Normalization;
import lowbit.data.read.ShardFiles;
import lowbit.data.read.Augmentation;
import lowbit.engine.ActivationQuantizer;
import lowbit.engine.TrainableModel;
import lowbit.eval.LabeledImages;
import lowbit.robust.RobustAccuracy;
import lowbit.robust.RobustEvaluation;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;

/**
 * Evaluates in this JVM, streaming a split's shards in file order; with a {@link RobustEvaluation}, also attacks
 * the split's first images (read once per split and kept).
 */
public final class LocalEvaluator implements Evaluator {
    private final TrainableModel model;
    private final String dataset;
    private final int classes;
    private final Normalization normalization;
    private final int batchSize;
    private final RobustEvaluation robust;
    private final ActivationQuantizer activations;
    private final Map<String, LabeledImages> attacked = new HashMap<>();

    public LocalEvaluator(TrainableModel model, String dataset, int classes, Normalization normalization, int batchSize) {
        this(model, dataset, classes, normalization, batchSize, null);
    }

    /** @param robust null for clean evaluation only */
    public LocalEvaluator(TrainableModel model, String dataset, int classes, Normalization normalization, int batchSize,
                          RobustEvaluation robust) {
        this(model, dataset, classes, normalization, batchSize, robust, ActivationQuantizer.NONE);
    }

    /** @param activations the activations fake-quantized in the clean evaluation (not in the attacks) */
    public LocalEvaluator(TrainableModel model, String dataset, int classes, Normalization normalization, int batchSize,
                          RobustEvaluation robust, ActivationQuantizer activations) {
        this.activations = activations;
        this.model = model;
        this.dataset = dataset;
        this.classes = classes;
        this.normalization = normalization;
        this.batchSize = batchSize;
        this.robust = robust;
    }

    @Override
    public EvalResult evaluate(String split, float[] params, float[] batchNorm) {
        Iterator<ImageExample> examples = ShardFiles.read(ShardFiles.of(dataset, split));
        BatchAssembler assembler = new BatchAssembler(classes, normalization, Augmentation.NONE);
        EvalResult clean = count(model, params, batchNorm, new Batches<>(examples, batchSize, assembler::toBatch, new Random(0)),
                classes, activations).result(split);
        if (robust == null) {
            return clean;
        }
        LabeledImages images = attacked.computeIfAbsent(split, s -> LabeledImages.fromShards(dataset, s, robust.images(), normalization));
        return clean.withRobust(robust(model, params, batchNorm, robust, normalization, images.batches(RobustEvaluation.BATCH).iterator()));
    }

    /** Counts predictions of {@code model} with the given parameters over batches (shared with Spark tasks). */
    public static EvalCounts count(TrainableModel model, float[] params, float[] batchNorm, Iterator<Batch> batches,
                                   int classes) {
        return count(model, params, batchNorm, batches, classes, ActivationQuantizer.NONE);
    }

    /** As {@link #count(TrainableModel, float[], float[], Iterator, int)} with the activations {@code q} names fake-quantized. */
    public static EvalCounts count(TrainableModel model, float[] params, float[] batchNorm, Iterator<Batch> batches,
                                   int classes, ActivationQuantizer q) {
        setState(model, params, batchNorm);
        EvalCounts counts = new EvalCounts(classes);
        while (batches.hasNext()) {
            Batch b = batches.next();
            counts.add(model.forward(b.features(), q), b.labels());
        }
        return counts;
    }

    /** Robust accuracy of {@code model} with the given parameters over normalized batches (shared with Spark tasks). */
    public static RobustAccuracy robust(TrainableModel model, float[] params, float[] batchNorm, RobustEvaluation robust,
                                        Normalization normalization, Iterator<Batch> batches) {
        setState(model, params, batchNorm);
        return robust.count(model, normalization, batches);
    }

    private static void setState(TrainableModel model, float[] params, float[] batchNorm) {
        model.setParameters(params);
        if (batchNorm.length > 0) {
            model.setBatchNormState(batchNorm);
        }
    }
}
