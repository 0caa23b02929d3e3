package lowbit.sparse;

import lowbit.tensor.ChannelLayout;

/** Zero count over a total: weight sparsity (zero weights) or channel / group sparsity (zero groups). */
public record Sparsity(long zeros, long total) {

    public Sparsity {
        if (zeros < 0 || total < zeros) {
            throw new IllegalArgumentException("need 0 <= zeros <= total, got " + zeros + " of " + total);
        }
    }

    public static Sparsity ofWeights(float[] w) {
        long zeros = 0;
        for (float x : w) {
            if (x == 0f) {
                zeros++;
            }
        }
        return new Sparsity(zeros, w.length);
    }

    public static Sparsity ofGroups(float[] w, ChannelLayout groups) {
        long zeros = 0;
        for (double norm : GroupNorms.of(w, groups)) {
            if (norm == 0) {
                zeros++;
            }
        }
        return new Sparsity(zeros, groups.channels());
    }

    /** Sums counts, for sparsity over several tensors. */
    public Sparsity plus(Sparsity other) {
        return new Sparsity(zeros + other.zeros, total + other.total);
    }

    /** zeros / total; NaN when there is nothing to count. */
    public double ratio() {
        return total == 0 ? Double.NaN : (double) zeros / total;
    }
}
