/**
 * The engine boundary: trainers, gradient aggregation and compression code see a network only as a
 * {@link lowbit.engine.TrainableModel} (flat float buffers of parameters, gradients and batch-norm state with named
 * views) and get one from an {@link lowbit.engine.Engine}, which builds the engine-neutral
 * {@link lowbit.model.graph.ModelGraph} of a zoo model ({@code lowbit.engine.torch}, {@code lowbit.engine.dl4j}). No
 * engine types cross it.
 */
package lowbit.engine;
