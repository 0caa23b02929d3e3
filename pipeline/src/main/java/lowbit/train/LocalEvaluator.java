package lowbit.train;

import lowbit.data.read.Batch;
import lowbit.data.read.BatchAssembler;
import lowbit.data.read.Batches;
import lowbit.data.read.ImageExample;
import lowbit.data.read.Normalization;
import lowbit.data.read.ShardFiles;
import lowbit.data.read.Augmentation;
import lowbit.engine.TrainableModel;

import java.util.Iterator;
import java.util.Random;

/** Evaluates in this JVM, streaming a split's shards in file order. */
public final class LocalEvaluator implements Evaluator {
    private final TrainableModel model;
    private final String dataset;
    private final int classes;
    private final Normalization normalization;
    private final int batchSize;

    public LocalEvaluator(TrainableModel model, String dataset, int classes, Normalization normalization, int batchSize) {
        this.model = model;
        this.dataset = dataset;
        this.classes = classes;
        this.normalization = normalization;
        this.batchSize = batchSize;
    }

    @Override
    public EvalResult evaluate(String split, float[] params, float[] batchNorm) {
        Iterator<ImageExample> examples = ShardFiles.read(ShardFiles.of(dataset, split));
        BatchAssembler assembler = new BatchAssembler(classes, normalization, Augmentation.NONE);
        return count(model, params, batchNorm, new Batches<>(examples, batchSize, assembler::toBatch, new Random(0)), classes)
                .result(split);
    }

    /** Counts predictions of {@code model} with the given parameters over batches (shared with Spark tasks). */
    public static EvalCounts count(TrainableModel model, float[] params, float[] batchNorm, Iterator<Batch> batches,
                                   int classes) {
        model.setParameters(params);
        if (batchNorm.length > 0) {
            model.setBatchNormState(batchNorm);
        }
        EvalCounts counts = new EvalCounts(classes);
        while (batches.hasNext()) {
            Batch b = batches.next();
            counts.add(model.forward(b.features()), b.labels());
        }
        return counts;
    }
}
