package lowbit.train;

import lowbit.tensor.Tensor;

import java.io.Serializable;

/** Mergeable evaluation counts: examples, correct predictions and loss sum, overall and per class. */
public final class EvalCounts implements Serializable {
    private final long[] total;
    private final long[] correct;
    private double lossSum;

    public EvalCounts(int classes) {
        total = new long[classes];
        correct = new long[classes];
    }

    /** Adds a batch of class probabilities [N, classes] (the cross-entropy uses them clamped at 1e-7). */
    public void add(Tensor probabilities, int[] labels) {
        int classes = probabilities.dim(1);
        for (int n = 0; n < labels.length; n++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (probabilities.get(n, c) > probabilities.get(n, best)) {
                    best = c;
                }
            }
            total[labels[n]]++;
            if (best == labels[n]) {
                correct[labels[n]]++;
            }
            lossSum -= Math.log(Math.max(1e-7, probabilities.get(n, labels[n])));
        }
    }

    public EvalCounts merge(EvalCounts other) {
        for (int c = 0; c < total.length; c++) {
            total[c] += other.total[c];
            correct[c] += other.correct[c];
        }
        lossSum += other.lossSum;
        return this;
    }

    public long examples() {
        long n = 0;
        for (long t : total) {
            n += t;
        }
        return n;
    }

    public EvalResult result(String split) {
        long n = examples();
        long right = 0;
        double[] perClass = new double[total.length];
        for (int c = 0; c < total.length; c++) {
            right += correct[c];
            perClass[c] = total[c] == 0 ? Double.NaN : (double) correct[c] / total[c];
        }
        return new EvalResult(split, n, n == 0 ? Double.NaN : (double) right / n, n == 0 ? Double.NaN : lossSum / n, perClass);
    }
}
