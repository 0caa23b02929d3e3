package lowbit.train;

import lowbit.data.read.Batch;
import lowbit.engine.NoiseStreams;
import lowbit.engine.TrainableModel;
import lowbit.robust.AdversarialTraining;

import java.util.Iterator;

/**
 * One worker's share of a step: from the step's parameters and batch-norm state, forward-backward over
 * its local minibatches in order (the running statistics advance from one to the next) without updating
 * the parameters in between. With adversarial training each minibatch is first replaced by its attacked
 * version, made here with the same model.
 */
public final class WorkerPass {
    private WorkerPass() {
    }

    /**
     * @param adversarial null for natural training; epoch and step seed its random starts
     * @param worker      the worker's index: with epoch and step it seeds the model's noise layers (EnResNet)
     */
    public static GradientSum run(TrainableModel model, float[] params, float[] batchNorm, Iterator<Batch> batches,
                                  AdversarialTraining adversarial, int epoch, long step, int worker) {
        model.reseedNoise(NoiseStreams.of(epoch, step, worker));
        model.setParameters(params);
        if (batchNorm.length > 0) {
            model.setBatchNormState(batchNorm);
        }
        GradientSum sum = new GradientSum();
        while (batches.hasNext()) {
            Batch b = batches.next();
            if (adversarial != null) {
                b = adversarial.adversarial(model, b, epoch, step);
            }
            double loss = model.forwardBackward(b.features(), b.labels());
            sum.addBatch(model.gradients(), loss, b.size());
        }
        if (sum.examples() > 0) {
            sum.addWorkerState(model.batchNormState());
        }
        return sum;
    }
}
