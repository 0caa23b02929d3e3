package lowbit.sparse;

import java.util.Arrays;
import lowbit.tensor.ChannelLayout;

/**
 * Euclidean projection onto "at most k nonzeros" (ADMM pruning baseline, docs/methods.md): keeps
 * the round(keepFraction * n) weights of largest |w|, or the groups of largest norm. Ties are broken
 * toward the lower index so that exactly k survive.
 */
public final class TopKProjection {
    private TopKProjection() {
    }

    public static float[] ofWeights(float[] w, double keepFraction) {
        double[] scores = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            scores[i] = Math.abs(w[i]);
        }
        boolean[] keep = largest(scores, keepCount(w.length, keepFraction));
        float[] z = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            z[i] = keep[i] ? w[i] : 0f;
        }
        return z;
    }

    public static float[] ofGroups(float[] w, ChannelLayout groups, double keepFraction) {
        boolean[] keep = largest(GroupNorms.of(w, groups), keepCount(groups.channels(), keepFraction));
        float[] z = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            z[i] = keep[groups.channelOf(i)] ? w[i] : 0f;
        }
        return z;
    }

    public static int keepCount(int n, double keepFraction) {
        if (!(keepFraction >= 0 && keepFraction <= 1)) {
            throw new IllegalArgumentException("keep fraction must be in [0, 1], got " + keepFraction);
        }
        return (int) Math.round(keepFraction * n);
    }

    private static boolean[] largest(double[] scores, int k) {
        boolean[] keep = new boolean[scores.length];
        if (k == 0) {
            return keep;
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double cut = sorted[scores.length - k];
        int kept = 0;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] > cut) {
                keep[i] = true;
                kept++;
            }
        }
        for (int i = 0; i < scores.length && kept < k; i++) {
            if (scores[i] == cut) {
                keep[i] = true;
                kept++;
            }
        }
        return keep;
    }
}
