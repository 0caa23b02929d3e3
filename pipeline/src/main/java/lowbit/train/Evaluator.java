package lowbit.train;

/** Evaluates parameters and batch-norm state on a split of the dataset, in this JVM or on Spark. */
public interface Evaluator {

    EvalResult evaluate(String split, float[] params, float[] batchNorm);
}
