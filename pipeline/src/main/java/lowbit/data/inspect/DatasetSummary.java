package lowbit.data.inspect;

import lowbit.data.shard.Manifest;

import java.util.Map;
import java.util.stream.Collectors;

/** A dataset's manifest as a short human-readable text. */
public final class DatasetSummary {
    private DatasetSummary() {
    }

    public static String of(Manifest m, String path) {
        StringBuilder s = new StringBuilder();
        s.append("dataset ").append(m.dataset()).append(" (").append(m.format()).append(") at ").append(path).append('\n');
        s.append("  source ").append(m.source()).append(", fingerprint ").append(m.sourceFingerprint(), 0, 12).append('\n');
        s.append("  created ").append(m.created()).append(", seed ").append(m.seed()).append(", ")
                .append(m.versions().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")))
                .append('\n');
        s.append("  images ").append(m.shape() == null ? "of mixed sizes"
                        : m.shape().channels() + "x" + m.shape().height() + "x" + m.shape().width())
                .append(", ").append(m.classes().size()).append(" classes, ").append(m.shards()).append(" shards per split\n");
        if (m.trainStats() != null) {
            s.append("  train mean ").append(format(m.trainStats().mean())).append(", std ").append(format(m.trainStats().std())).append('\n');
        }
        for (Map.Entry<String, Manifest.SplitCounts> split : m.splits().entrySet()) {
            s.append(String.format("  %-6s %8d records:", split.getKey(), split.getValue().records()));
            split.getValue().perClass().entrySet().stream().limit(12)
                    .forEach(e -> s.append(' ').append(e.getKey()).append('=').append(e.getValue()));
            if (split.getValue().perClass().size() > 12) {
                s.append(" ... (").append(split.getValue().perClass().size() - 12).append(" more classes)");
            }
            s.append('\n');
        }
        s.append("  quarantined ").append(m.quarantine().records());
        m.quarantine().reasons().entrySet().stream().limit(10)
                .forEach(e -> s.append("\n    ").append(e.getValue()).append(" x ").append(e.getKey()));
        return s.toString();
    }

    private static String format(double[] values) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format("%.4f", values[i]));
        }
        return s.append(']').toString();
    }
}
