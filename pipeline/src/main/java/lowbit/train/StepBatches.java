package lowbit.train;

import lowbit.data.read.Batch;

import java.util.List;

/** The minibatches of one step in this JVM, per worker (outer list) and in order (inner list). */
public interface StepBatches {

    int stepsPerEpoch();

    List<List<Batch>> step(int epoch, int step);
}
