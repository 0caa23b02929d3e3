package lowbit.report;

import java.util.Locale;

/** The bottleneck report as a fixed-width text table with a summary of the mixed-precision comparison. */
public final class LayerReportTable {

    private LayerReportTable() {
    }

    public static String format(LayerReport report) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%-14s %-16s %9s %4s %10s %8s %9s %9s %10s %10s %5s%n", "layer", "kind", "params",
                "bits", "bytes", "rho", "iso acc", "iso drop", "iso SQNR", "cum SQNR", "mixed"));
        for (LayerReportRow r : report.rows()) {
            s.append(String.format(Locale.ROOT, "%-14s %-16s %,9d %4d %,10d %8.5f %9.4f %9.4f %10.2f %10.2f %5d%n",
                    r.layer(), r.kind(), r.parameters(), r.bits(), r.quantizedBytes(), r.rho(), r.isolatedAccuracy(),
                    r.isolatedAccuracyDrop(), r.isolatedSqnrDb(), r.cumulativeSqnrDb(), r.mixedBits()));
        }
        s.append(String.format(Locale.ROOT, "accuracy on %d images: float %.4f, uniform %.4f (%,d weight bytes), "
                        + "mixed %.4f (%,d weight bytes): mixed precision %s uniform bits%n",
                report.evalImages(), report.floatAccuracy(), report.uniformAccuracy(), report.uniformBytes(),
                report.mixedAccuracy(), report.mixedBytes(), report.mixedBeatsUniform() ? "beats" : "does NOT beat"));
        return s.toString();
    }
}
