package lowbit.train;

import lowbit.data.read.Batch;
import lowbit.engine.NoiseStreams;
import lowbit.engine.TrainableModel;

import java.util.Iterator;

/**
 * One worker's share of a step: from the step's parameters and batch-norm state, forward-backward over
 * its local minibatches in order (the running statistics advance from one to the next) without updating
 * the parameters in between, each minibatch under the run's {@link MinibatchObjective} (plain cross-entropy,
 * adversarial or distilled).
 */
public final class WorkerPass {
    private WorkerPass() {
    }

    /**
     * @param objective   what each minibatch trains on; epoch and step seed its random choices
     * @param worker      the worker's index: with epoch and step it seeds the model's noise layers (EnResNet)
     */
    public static GradientSum run(TrainableModel model, float[] params, float[] batchNorm, Iterator<Batch> batches,
                                  MinibatchObjective objective, int epoch, long step, int worker) {
        model.reseedNoise(NoiseStreams.of(epoch, step, worker));
        model.setParameters(params);
        if (batchNorm.length > 0) {
            model.setBatchNormState(batchNorm);
        }
        GradientSum sum = new GradientSum();
        for (int index = 0; batches.hasNext(); index++) {
            MinibatchObjective.Pass pass = objective.run(model, batches.next(), epoch, step, worker, index);
            sum.addBatch(model.gradients(), pass.loss(), pass.examples());
        }
        if (sum.examples() > 0) {
            sum.addWorkerState(model.batchNormState());
        }
        return sum;
    }
}
