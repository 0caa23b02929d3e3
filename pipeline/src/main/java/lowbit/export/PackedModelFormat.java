package lowbit.export;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import lowbit.model.graph.ParamView;
import lowbit.engine.TrainableModel;

/** Constants of the packed model file (see package-info) and the layout checksum both sides compute. */
final class PackedModelFormat {
    static final int MAGIC = 0x4c425146; // "LBQF"
    static final int VERSION = 1;

    private PackedModelFormat() {
    }

    /** Trainable views in buffer order, then batch-norm state views: the order tensors are stored in. */
    static List<ParamView> storedViews(TrainableModel model) {
        List<ParamView> views = new ArrayList<>(model.parameterViews());
        views.addAll(model.batchNormStateViews());
        return views;
    }

    /** CRC-32 of every stored view's name, kind and shape, so that a file is never read into another layout. */
    static int layoutChecksum(List<ParamView> views) {
        CRC32 crc = new CRC32();
        for (ParamView v : views) {
            StringBuilder s = new StringBuilder(v.name()).append(' ').append(v.kind());
            for (int d : v.shape()) s.append(' ').append(d);
            crc.update(s.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        }
        return (int) crc.getValue();
    }
}
