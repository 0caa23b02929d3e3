/**
 * Synchronous data-parallel SGD on Spark. The training split is read with
 * {@code spark.read().parquet(dataset + "/data")} and coalesced to one partition per worker; each executor
 * caches its partition's rows on first use and the model per task thread (built from the
 * {@link lowbit.train.ModelRecipe}, never shipped). Each step broadcasts the parameters and batch-norm
 * state once and {@code treeAggregate}s the {@link lowbit.train.GradientSum}s. Limits: a partition's rows
 * are held in executor memory (fine for Fashion-MNIST or CIFAR, not ImageNet); an epoch is as many steps as
 * the smallest partition fills, so unbalanced partitions drop examples.
 */
package lowbit.train.spark;
