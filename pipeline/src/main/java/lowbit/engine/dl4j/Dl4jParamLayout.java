package lowbit.engine.dl4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import lowbit.model.graph.ParamKind;
import lowbit.model.graph.ParamView;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Maps DL4J's flat parameter vector, where batch-norm running mean/var sit between the trainable
 * parameters, to two engine-neutral buffers: trainable parameters and batch-norm state.
 */
final class Dl4jParamLayout {

    /** A view in one of our buffers plus where its values start in DL4J's flat vector. */
    record Slot(ParamView view, int dl4jOffset) {
    }

    private final List<Slot> trainable;
    private final List<Slot> state;
    private final int dl4jLength;

    private Dl4jParamLayout(List<Slot> trainable, List<Slot> state, int dl4jLength) {
        this.trainable = trainable;
        this.state = state;
        this.dl4jLength = dl4jLength;
    }

    static Dl4jParamLayout of(ComputationGraph graph) {
        INDArray flat = graph.params();
        List<Raw> raws = new ArrayList<>();
        for (Layer layer : graph.getLayers()) {
            var conf = layer.conf().getLayer();
            for (Map.Entry<String, INDArray> e : layer.paramTable().entrySet()) {
                INDArray v = e.getValue();
                requireDenseStrides(conf.getLayerName() + "/" + e.getKey(), v);
                raws.add(new Raw(conf, e.getKey(), v, (int) (v.offset() - flat.offset())));
            }
        }
        raws.sort(Comparator.comparingInt(Raw::dl4jOffset));
        int expected = 0;
        List<Slot> trainable = new ArrayList<>();
        List<Slot> state = new ArrayList<>();
        int trainableOffset = 0;
        int stateOffset = 0;
        for (Raw r : raws) {
            if (r.dl4jOffset != expected) {
                throw new IllegalStateException("parameter views do not tile DL4J's flat vector at " + r.name());
            }
            expected += (int) r.array.length();
            ParamKind kind = kindOf(r.conf, r.key, r.name());
            boolean isState = kind == ParamKind.BN_MEAN || kind == ParamKind.BN_VAR;
            int offset = isState ? stateOffset : trainableOffset;
            Slot slot = new Slot(viewOf(r, kind, offset), r.dl4jOffset);
            if (isState) {
                state.add(slot);
                stateOffset += slot.view().length();
            } else {
                trainable.add(slot);
                trainableOffset += slot.view().length();
            }
        }
        if (expected != flat.length()) {
            throw new IllegalStateException("parameter views cover " + expected + " of " + flat.length() + " values");
        }
        return new Dl4jParamLayout(List.copyOf(trainable), List.copyOf(state), expected);
    }

    List<ParamView> trainableViews() {
        return trainable.stream().map(Slot::view).toList();
    }

    List<ParamView> stateViews() {
        return state.stream().map(Slot::view).toList();
    }

    int trainableLength() {
        return total(trainable);
    }

    int stateLength() {
        return total(state);
    }

    int dl4jLength() {
        return dl4jLength;
    }

    float[] gatherTrainable(float[] dl4jFlat) {
        return gather(trainable, dl4jFlat);
    }

    float[] gatherState(float[] dl4jFlat) {
        return gather(state, dl4jFlat);
    }

    void scatterTrainable(float[] ours, float[] dl4jFlat) {
        scatter(trainable, ours, dl4jFlat);
    }

    void scatterState(float[] ours, float[] dl4jFlat) {
        scatter(state, ours, dl4jFlat);
    }

    private static int total(List<Slot> slots) {
        return slots.stream().mapToInt(s -> s.view().length()).sum();
    }

    private static float[] gather(List<Slot> slots, float[] dl4jFlat) {
        float[] out = new float[total(slots)];
        for (Slot s : slots) {
            System.arraycopy(dl4jFlat, s.dl4jOffset(), out, s.view().offset(), s.view().length());
        }
        return out;
    }

    private static void scatter(List<Slot> slots, float[] ours, float[] dl4jFlat) {
        if (ours.length != total(slots)) {
            throw new IllegalArgumentException("expected " + total(slots) + " values, got " + ours.length);
        }
        for (Slot s : slots) {
            System.arraycopy(ours, s.view().offset(), dl4jFlat, s.dl4jOffset(), s.view().length());
        }
    }

    private record Raw(org.deeplearning4j.nn.conf.layers.Layer conf, String key, INDArray array, int dl4jOffset) {
        String name() {
            return conf.getLayerName() + "/" + key;
        }
    }

    private static ParamKind kindOf(org.deeplearning4j.nn.conf.layers.Layer conf, String key, String name) {
        if (conf instanceof BatchNormalization) {
            return switch (key) {
                case "gamma" -> ParamKind.BN_GAMMA;
                case "beta" -> ParamKind.BN_BETA;
                case "mean" -> ParamKind.BN_MEAN;
                case "var" -> ParamKind.BN_VAR;
                default -> throw new IllegalArgumentException(name + ": only batch norm with useLogStd=false is supported");
            };
        }
        if ("b".equals(key)) return ParamKind.BIAS;
        if ("W".equals(key)) {
            if (conf instanceof DepthwiseConvolution2D) return ParamKind.DEPTHWISE_WEIGHT;
            if (conf instanceof ConvolutionLayer) return ParamKind.CONV_WEIGHT;
            if (conf instanceof FeedForwardLayer) return ParamKind.DENSE_WEIGHT;
        }
        throw new IllegalArgumentException("unsupported parameter " + name + " of " + conf.getClass().getSimpleName());
    }

    /** Output-channel axis in DL4J's own shape of the parameter array. */
    private static int dl4jOutAxis(ParamKind kind) {
        return switch (kind) {
            case CONV_WEIGHT -> 0;      // [out, in, kH, kW]
            case DEPTHWISE_WEIGHT -> 2; // [kH, kW, channels, depthMultiplier]
            case DENSE_WEIGHT -> 1;     // [in, out]
            default -> 1;               // [1, out] row vectors
        };
    }

    private static ParamView viewOf(Raw r, ParamKind kind, int offset) {
        long[] s = r.array.shape();
        int axis = dl4jOutAxis(kind);
        if (s.length == 2 && s[0] == 1 && axis == 1) {
            return new ParamView(r.name(), kind, offset, new int[] {(int) s[1]}, 0);
        }
        int[] shape = Arrays.stream(s).mapToInt(Math::toIntExact).toArray();
        if (r.array.ordering() == 'f') {
            // An 'f'-ordered [a, b, ...] array is the C-ordered [..., b, a] array in memory.
            int[] reversed = new int[shape.length];
            for (int i = 0; i < shape.length; i++) reversed[i] = shape[shape.length - 1 - i];
            return new ParamView(r.name(), kind, offset, reversed, shape.length - 1 - axis);
        }
        return new ParamView(r.name(), kind, offset, shape, axis);
    }

    private static void requireDenseStrides(String name, INDArray v) {
        long[] shape = v.shape();
        long[] stride = v.stride();
        long expected = 1;
        boolean c = v.ordering() == 'c';
        for (int k = 0; k < shape.length; k++) {
            int i = c ? shape.length - 1 - k : k;
            if (shape[i] != 1 && stride[i] != expected) {
                throw new IllegalStateException(name + " is not a dense slice of the flat vector");
            }
            expected *= shape[i];
        }
    }
}
