package lowbit.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The Pareto frontier of (cost, benefit) points: no other point is both cheaper and better. */
public final class Pareto {
    private Pareto() {
    }

    /** Frontier points sorted by cost; ties in cost keep the best benefit. */
    public static List<double[]> frontier(List<double[]> points) {
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparing(p -> -p[1]));
        List<double[]> frontier = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (double[] p : sorted) {
            if (p[1] > best) {
                frontier.add(p);
                best = p[1];
            }
        }
        return frontier;
    }
}
