/**
 * The engine boundary: trainers, gradient aggregation and compression code see a network only as a
 * {@link lowbit.engine.TrainableModel} (flat float buffers of parameters, gradients and batch-norm state
 * with named views) and load saved models through an {@link lowbit.engine.Engine}. No engine types cross it,
 * so a libtorch engine can sit beside {@code lowbit.engine.dl4j}.
 */
package lowbit.engine;
