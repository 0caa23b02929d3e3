package lowbit.data.shard;

import lowbit.data.source.CifarBinarySource;
import lowbit.data.source.ClassFolderSource;
import lowbit.data.source.IdxSource;
import lowbit.data.source.ImageNetValSource;
import lowbit.data.source.ImageSource;
import lowbit.data.source.VwwCocoSource;

/** Builds the source reader for a sharding run's format. */
public final class Sources {
    private Sources() {
    }

    public static ImageSource<?> of(ShardSpec spec) {
        return switch (spec.format()) {
            case "cifar10-bin" -> new CifarBinarySource(spec.input(), false, spec.classes(), spec.recordsPerTask());
            case "cifar100-bin" -> new CifarBinarySource(spec.input(), true, spec.classes(), spec.recordsPerTask());
            case "idx" -> new IdxSource(spec.input(), spec.classes(), spec.recordsPerTask());
            case "folders" -> new ClassFolderSource(spec.input(), spec.classes(), spec.recordsPerTask());
            case "imagenet-val" -> new ImageNetValSource(spec.input(), spec.groundTruth(), spec.classes(), spec.recordsPerTask());
            case "vww-coco" -> new VwwCocoSource(spec.input(), spec.vwwImages(), spec.vwwMinPersonArea(), spec.recordsPerTask());
            default -> throw new IllegalArgumentException("unknown format " + spec.format());
        };
    }
}
