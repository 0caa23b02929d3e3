package lowbit.train;

import lowbit.data.read.Batch;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Single-JVM gradients. Either each worker's minibatches are accumulated exactly as a Spark worker would
 * (batch-norm statistics per minibatch, running statistics averaged over workers), or, with
 * {@code mergeBatches}, all of a step's examples form one big batch (plain large-batch SGD).
 */
public final class LocalGradients implements GradientSource {
    private final TrainableModel model;
    private final StepBatches batches;
    private final boolean mergeBatches;
    private final MinibatchObjective objective;
    private int globalBatch;

    public LocalGradients(TrainableModel model, StepBatches batches, boolean mergeBatches) {
        this(model, batches, mergeBatches, MinibatchObjective.CROSS_ENTROPY);
    }

    public LocalGradients(TrainableModel model, StepBatches batches, boolean mergeBatches, MinibatchObjective objective) {
        this.model = model;
        this.batches = batches;
        this.mergeBatches = mergeBatches;
        this.objective = objective;
    }

    @Override
    public int stepsPerEpoch() {
        return batches.stepsPerEpoch();
    }

    @Override
    public int globalBatch() {
        return globalBatch;
    }

    @Override
    public GradientSum compute(int epoch, int step, float[] params, float[] batchNorm) {
        List<List<Batch>> workers = batches.step(epoch, step);
        globalBatch = workers.stream().flatMap(List::stream).mapToInt(Batch::size).sum();
        if (mergeBatches) {
            return WorkerPass.run(model, params, batchNorm, List.of(concat(workers)).iterator(), objective, epoch, step, 0);
        }
        GradientSum sum = new GradientSum();
        for (int w = 0; w < workers.size(); w++) {
            sum.merge(WorkerPass.run(model, params, batchNorm, workers.get(w).iterator(), objective, epoch, step, w));
        }
        return sum;
    }

    static Batch concat(List<List<Batch>> workers) {
        List<Batch> all = new ArrayList<>();
        workers.forEach(all::addAll);
        int[] shape = all.get(0).features().shape();
        int per = all.get(0).features().data().length / shape[0];
        int n = all.stream().mapToInt(Batch::size).sum();
        float[] features = new float[n * per];
        int[] labels = new int[n];
        int at = 0;
        for (Batch b : all) {
            System.arraycopy(b.features().data(), 0, features, at * per, b.size() * per);
            System.arraycopy(b.labels(), 0, labels, at, b.size());
            at += b.size();
        }
        shape[0] = n;
        return new Batch(new Tensor(shape, features), labels);
    }
}
