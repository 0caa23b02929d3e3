package lowbit.report;

import java.util.List;
import java.util.Map;

/**
 * The bottleneck report of a model at one bit width: a row per weight layer, the float, uniform and
 * mixed-precision accuracies on the same evaluation images, and the bytes of both allocations.
 */
public record LayerReport(List<LayerReportRow> rows, int evalImages, double floatAccuracy, double uniformAccuracy,
                          long uniformBytes, Map<String, Integer> mixedBits, long mixedBytes, double mixedAccuracy) {

    public LayerReport {
        rows = List.copyOf(rows);
        mixedBits = Map.copyOf(mixedBits);
    }

    public boolean mixedBeatsUniform() {
        return mixedAccuracy > uniformAccuracy;
    }
}
