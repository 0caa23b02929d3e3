package lowbit.data.shard;

import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the manifest counts, gathered in one pass over the records: per split and class,
 * quarantine reasons, image shapes, and the train split's per-channel pixel moments.
 */
public final class ShardStats implements Serializable {
    private final int classes;
    private final Map<String, long[]> perSplit = new HashMap<>();
    private final Map<String, Long> reasons = new TreeMap<>();
    private final Set<Manifest.Shape> shapes = new HashSet<>();
    private PixelMoments train;
    private boolean mixedTrainChannels;

    public ShardStats(int classes) {
        this.classes = classes;
    }

    /** Row columns: split, label, damage, channels, height, width, pixels. */
    public ShardStats add(Row r) {
        String damage = r.getString(2);
        if (damage != null) {
            reasons.merge(damage, 1L, Long::sum);
            return this;
        }
        String split = r.getString(0);
        perSplit.computeIfAbsent(split, s -> new long[classes])[r.getInt(1)]++;
        int channels = r.getInt(3);
        if (shapes.size() < 2) {
            shapes.add(new Manifest.Shape(channels, r.getInt(4), r.getInt(5)));
        }
        if (split.equals("train") || split.startsWith(SplitAssigner.FOLD_PREFIX)) {
            if (train == null) {
                train = new PixelMoments(channels);
            }
            if (train.channels() != channels) {
                mixedTrainChannels = true;
            } else {
                train.add(channels, (byte[]) r.get(6));
            }
        }
        return this;
    }

    public ShardStats merge(ShardStats other) {
        other.perSplit.forEach((split, counts) -> {
            long[] mine = perSplit.computeIfAbsent(split, s -> new long[classes]);
            for (int i = 0; i < classes; i++) {
                mine[i] += counts[i];
            }
        });
        other.reasons.forEach((reason, n) -> reasons.merge(reason, n, Long::sum));
        for (Manifest.Shape shape : other.shapes) {
            if (shapes.size() < 2) {
                shapes.add(shape);
            }
        }
        mixedTrainChannels |= other.mixedTrainChannels;
        if (other.train != null) {
            if (train == null) {
                train = other.train;
            } else if (train.channels() != other.train.channels()) {
                mixedTrainChannels = true;
            } else {
                train.merge(other.train);
            }
        }
        return this;
    }

    public Map<String, Manifest.SplitCounts> splits(List<String> classNames) {
        Map<String, Manifest.SplitCounts> splits = new LinkedHashMap<>();
        new TreeMap<>(perSplit).forEach((split, counts) -> {
            Map<String, Long> perClass = new LinkedHashMap<>();
            long total = 0;
            for (int i = 0; i < classes; i++) {
                perClass.put(classNames.get(i), counts[i]);
                total += counts[i];
            }
            splits.put(split, new Manifest.SplitCounts(total, perClass));
        });
        return splits;
    }

    public Map<String, Long> reasons() {
        return reasons;
    }

    public long quarantined() {
        return reasons.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The shape every record has, or null when they differ. */
    public Manifest.Shape shape() {
        return shapes.size() == 1 ? shapes.iterator().next() : null;
    }

    public Manifest.ChannelStats trainStats() {
        return train == null || mixedTrainChannels ? null : train.stats();
    }
}
