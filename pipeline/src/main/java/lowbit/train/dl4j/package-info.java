/**
 * {@code mode = parameter-averaging}, the one training mode where DL4J trains: DL4J Spark's
 * ParameterAveragingTrainingMaster runs local SGD in every worker and averages the parameters
 * ({@link lowbit.train.dl4j.ParameterAveraging}, {@link lowbit.train.dl4j.AveragingTrainer}). The run's optimizer
 * becomes a DL4J updater and each method's regularizer is applied by DL4J through
 * {@link lowbit.train.dl4j.RegularizerInDl4j}, which runs the method's own code on each layer's weights, so the
 * methods exist once. With {@code lowbit.engine} it is the only place that imports DL4J (lowbit.ArchitectureTest).
 */
package lowbit.train.dl4j;
