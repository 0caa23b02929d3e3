package lowbit.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lowbit.quant.BitWidth;

/**
 * Mixed-precision bit allocation at the bytes of a uniform allocation [design]: minimize sum_l rho_l(b_l), the
 * layers' relative weight errors (to first order their relative noise powers add up at the output), subject to
 * sum_l bytes_l(b_l) <= bytes of every layer at the uniform bits. Local search from the uniform allocation:
 * repeatedly apply the best move that changes one layer's bits, or two layers' bits at once (raise one, pay
 * with another), keeps within the budget and lowers the sum, until none does. So the result never has a larger
 * sum of rho than uniform bits; sensitive layers get more bits, large tolerant layers pay for them.
 */
public final class MixedPrecision {

    private MixedPrecision() {
    }

    /** Bits per layer view name, in the order of {@code layers}. */
    public static Map<String, Integer> allocate(List<LayerCosts> layers, int uniformBits) {
        Map<String, Integer> start = new LinkedHashMap<>();
        layers.forEach(c -> start.put(c.view().name(), uniformBits));
        return allocate(layers, start, bytes(layers, start));
    }

    /**
     * The same local search from the allocation {@code start} (every layer's view name) within {@code budget} stored
     * bytes, e.g. the bytes of 2 bits everywhere plus what a target compression ratio leaves for bottleneck layers.
     *
     * @throws IllegalArgumentException when {@code start} itself needs more than the budget
     */
    public static Map<String, Integer> allocate(List<LayerCosts> layers, Map<String, Integer> start, long budget) {
        int n = layers.size();
        int[] bits = new int[n];
        for (int i = 0; i < n; i++) {
            bits[i] = BitWidth.require(start.get(layers.get(i).view().name()));
        }
        long used = bytes(layers, start);
        if (used > budget) {
            throw new IllegalArgumentException("the starting allocation needs " + used + " bytes, more than the budget " + budget);
        }
        while (true) {
            double bestDelta = -1e-12;
            int[] best = null;
            for (int i = 0; i < n; i++) {
                for (int bi = BitWidth.MIN; bi <= BitWidth.MAX; bi++) {
                    if (bi == bits[i]) continue;
                    long usedI = used + cost(layers, i, bi) - cost(layers, i, bits[i]);
                    double deltaI = error(layers, i, bi) - error(layers, i, bits[i]);
                    if (usedI <= budget && deltaI < bestDelta) {
                        bestDelta = deltaI;
                        best = new int[] {i, bi, -1, 0};
                    }
                    for (int j = 0; j < n; j++) {
                        if (j == i) continue;
                        for (int bj = BitWidth.MIN; bj <= BitWidth.MAX; bj++) {
                            if (bj == bits[j]) continue;
                            long usedIj = usedI + cost(layers, j, bj) - cost(layers, j, bits[j]);
                            double delta = deltaI + error(layers, j, bj) - error(layers, j, bits[j]);
                            if (usedIj <= budget && delta < bestDelta) {
                                bestDelta = delta;
                                best = new int[] {i, bi, j, bj};
                            }
                        }
                    }
                }
            }
            if (best == null) break;
            used += cost(layers, best[0], best[1]) - cost(layers, best[0], bits[best[0]]);
            bits[best[0]] = best[1];
            if (best[2] >= 0) {
                used += cost(layers, best[2], best[3]) - cost(layers, best[2], bits[best[2]]);
                bits[best[2]] = best[3];
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) out.put(layers.get(i).view().name(), bits[i]);
        return out;
    }

    /** Stored bytes of an allocation. */
    public static long bytes(List<LayerCosts> layers, Map<String, Integer> bits) {
        return layers.stream().mapToLong(c -> c.bytes()[bits.get(c.view().name())]).sum();
    }

    private static long cost(List<LayerCosts> layers, int layer, int bits) {
        return layers.get(layer).bytes()[bits];
    }

    private static double error(List<LayerCosts> layers, int layer, int bits) {
        return layers.get(layer).rho()[bits];
    }
}
