/**
 * The training job ({@code lowbit train}, and every sweep cell that trains): {@link lowbit.train.job.TrainJob} reads a
 * {@link lowbit.train.TrainSpec}, builds the model on its engine, picks the mode (local, spark: gradients summed
 * across executors, parameter-averaging: DL4J's training master), checkpoints every epoch, resumes, and writes the
 * model, the epoch table and the provenance. {@link lowbit.train.job.TrainingRun} is the same loop for one sweep
 * cell in a single task.
 */
package lowbit.train.job;
