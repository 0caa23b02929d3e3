/**
 * Training, engine-neutral: the {@link lowbit.train.Trainer} sees a model only through flat parameter, gradient
 * and batch-norm buffers with named views. Each step a {@link lowbit.train.GradientSource} (this JVM, or Spark
 * executors in {@code lowbit.train.spark}) returns a {@link lowbit.train.GradientSum}; the driver averages it,
 * applies {@link lowbit.method.Regularizer}s (QGT, RVSM) to weight views only, then the
 * {@link lowbit.train.Optimizer}. QAT is a {@link lowbit.method.WeightTransform}: workers compute at the
 * fake-quantized weights, the optimizer updates the latent ones. Data order, learning rate and QGT lambda
 * are pure functions of (seed, epoch, step), which is why a checkpoint at an epoch boundary resumes exactly.
 * {@link lowbit.train.job.TrainJob} wires it to a dataset, a config section and the output folder.
 */
package lowbit.train;

import lowbit.method.WeightTransform;
import lowbit.method.Regularizer;
import lowbit.train.job.TrainJob;