package lowbit.rvscgd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lowbit.data.Schemas;
import lowbit.report.Charts;
import lowbit.data.ResultTable;
import lowbit.train.AtomicFiles;

/**
 * The RVSCGD teacher-student experiment: every configured threshold from the same teacher, start and samples;
 * writes DIR/iterations (Parquet, data-schemas/rvscgd_iteration.avsc, partitioned by threshold) and DIR/angle.png.
 * Both are replaced as a whole, so a rerun with fewer thresholds leaves no stale rows.
 */
public final class RvscgdExperiment {
    public static final String TABLE = "iterations";
    public static final String CHART = "angle.png";

    private RvscgdExperiment() {
    }

    public static List<ThresholdResult> run(RvscgdSpec spec, Path output) {
        List<ThresholdResult> results = new ArrayList<>();
        for (ThresholdSetting setting : spec.thresholds()) {
            results.add(new ThresholdResult(setting, Rvscgd.run(spec, setting)));
        }
        AtomicFiles.replace(output.resolve(TABLE), tmp -> {
            ResultTable table = new ResultTable(tmp.toAbsolutePath().toString(), Schemas.RVSCGD_ITERATION);
            for (ThresholdResult r : results) {
                table.write("rvscgd", rows(r, spec.seed()));
            }
        });
        AtomicFiles.replace(output.resolve(CHART), tmp -> chart(results, tmp));
        return results;
    }

    private static List<Map<String, Object>> rows(ThresholdResult r, long seed) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (IterationMetrics m : r.iterations()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("threshold", r.setting().name());
            row.put("iteration", m.iteration());
            row.put("angle_deg", orNull(m.angleDeg()));
            row.put("angle_w_deg", m.angleWDeg());
            row.put("precision", orNull(m.precision()));
            row.put("recall", m.recall());
            row.put("sparsity", m.sparsity());
            row.put("loss", m.loss());
            row.put("lambda", r.setting().lambda());
            row.put("beta", r.setting().beta());
            row.put("seed", seed);
            rows.add(row);
        }
        return rows;
    }

    private static Double orNull(double x) {
        return Double.isNaN(x) ? null : x;
    }

    private static void chart(List<ThresholdResult> results, Path png) throws IOException {
        List<Charts.Series> series = new ArrayList<>();
        for (ThresholdResult r : results) {
            List<double[]> points = r.iterations().stream().filter(m -> !Double.isNaN(m.angleDeg()))
                    .map(m -> new double[] {m.iteration(), m.angleDeg()}).toList();
            series.add(new Charts.Series(r.setting().name(), points));
        }
        Charts.curvesWithTarget("RVSCGD: angle of the sparse weights u = T(w) to the teacher", "iteration",
                "angle(u, w*) (degrees)", series, ThresholdResult.TARGET_ANGLE_DEG, png);
    }
}
