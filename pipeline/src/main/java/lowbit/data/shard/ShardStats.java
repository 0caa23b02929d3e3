package lowbit.data.shard;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the manifest counts, gathered while the records stream to the writer: per split and class,
 * quarantine reasons and the quarantined records themselves (at most max-quarantine-fraction of the records
 * in a run that succeeds), image shapes, and the train split's per-channel pixel moments.
 */
public final class ShardStats implements Serializable {
    private final int classes;
    private final Map<String, long[]> perSplit = new HashMap<>();
    private final Map<String, Long> reasons = new TreeMap<>();
    private final List<Quarantined> quarantined = new ArrayList<>();
    private final Set<Manifest.Shape> shapes = new HashSet<>();
    private PixelMoments train;
    private boolean mixedTrainChannels;

    /** A record the job could not use: its source id and why. */
    public record Quarantined(String source, String reason) implements Serializable {
    }

    public ShardStats(int classes) {
        this.classes = classes;
    }

    public ShardStats addDamaged(String id, String reason) {
        reasons.merge(reason, 1L, Long::sum);
        quarantined.add(new Quarantined(id, reason));
        return this;
    }

    public ShardStats add(String split, int label, int channels, int height, int width, byte[] pixels) {
        perSplit.computeIfAbsent(split, s -> new long[classes])[label]++;
        if (shapes.size() < 2) {
            shapes.add(new Manifest.Shape(channels, height, width));
        }
        if (split.equals("train") || split.startsWith(SplitAssigner.FOLD_PREFIX)) {
            if (train == null) {
                train = new PixelMoments(channels);
            }
            if (train.channels() != channels) {
                mixedTrainChannels = true;
            } else {
                train.add(channels, pixels);
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
        quarantined.addAll(other.quarantined);
        for (Manifest.Shape shape : other.shapes) {
            if (shapes.size() < 2) {
                shapes.add(shape);
            }
        }
        mixedTrainChannels |= other.mixedTrainChannels;
        if (other.train != null) {
            if (train == null) {
                train = new PixelMoments(other.train.channels()).merge(other.train);
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

    /** The quarantined records in the order they were added and merged. */
    public List<Quarantined> quarantinedRecords() {
        return quarantined;
    }

    /** The shape every record has, or null when they differ. */
    public Manifest.Shape shape() {
        return shapes.size() == 1 ? shapes.iterator().next() : null;
    }

    public Manifest.ChannelStats trainStats() {
        return train == null || mixedTrainChannels ? null : train.stats();
    }
}
