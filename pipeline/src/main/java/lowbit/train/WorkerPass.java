package lowbit.train;

import lowbit.data.read.Batch;
import lowbit.engine.TrainableModel;

import java.util.Iterator;

/**
 * One worker's share of a step: from the step's parameters and batch-norm state, forward-backward over
 * its local minibatches in order (the running statistics advance from one to the next) without updating
 * the parameters in between.
 */
public final class WorkerPass {
    private WorkerPass() {
    }

    public static GradientSum run(TrainableModel model, float[] params, float[] batchNorm, Iterator<Batch> batches) {
        model.setParameters(params);
        if (batchNorm.length > 0) {
            model.setBatchNormState(batchNorm);
        }
        GradientSum sum = new GradientSum();
        while (batches.hasNext()) {
            Batch b = batches.next();
            double loss = model.forwardBackward(b.features(), b.labels());
            sum.addBatch(model.gradients(), loss, b.size());
        }
        if (sum.examples() > 0) {
            sum.addWorkerState(model.batchNormState());
        }
        return sum;
    }
}
