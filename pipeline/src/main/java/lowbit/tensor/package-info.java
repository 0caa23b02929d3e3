/** Shape bookkeeping shared by the compression packages: which channel or group each weight belongs to. */
package lowbit.tensor;
