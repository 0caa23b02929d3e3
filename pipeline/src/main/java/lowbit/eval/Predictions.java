package lowbit.eval;

import lowbit.tensor.Tensor;

/** Class decisions from a [N, classes] probability (or logit) tensor. */
public final class Predictions {

    private Predictions() {
    }

    public static int[] argmax(Tensor probabilities) {
        int n = probabilities.dim(0);
        int k = probabilities.dim(1);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (probabilities.get(i, j) > probabilities.get(i, best)) best = j;
            }
            out[i] = best;
        }
        return out;
    }
}
