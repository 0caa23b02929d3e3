/**
 * What a compression method is to training, and the registry of methods. A {@link lowbit.method.Method} has a name
 * (its entry in {@code lowbit.train.methods} and its section {@code lowbit.train.<name>}) and reads that section once
 * into typed, validated {@link lowbit.method.MethodSettings}, which say what the method adds to training: a
 * {@link lowbit.method.Regularizer} applied to the weight views every step (QGT, RVSM / RGSM, ADMM), a
 * {@link lowbit.method.WeightTransform} of the forward pass (QAT), a {@link lowbit.method.QuantizedFinish} (QGT's
 * finish), and a summary of its deciding hyperparameters (recorded per sweep cell). {@link lowbit.method.Methods} finds
 * the methods with {@link java.util.ServiceLoader} ({@code META-INF/services/lowbit.method.Method}); training, sweeps
 * and the report use it. Every training mode applies the same method code: the driver's trainer on flat buffers, and
 * DL4J's own training through {@code lowbit.train.dl4j.RegularizerInDl4j}.
 *
 * <p>Each method lives in one package: {@code lowbit.qgt}, {@code lowbit.qat}, {@code lowbit.rvsm}, {@code lowbit.admm}.
 */
package lowbit.method;
