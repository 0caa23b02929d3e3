package lowbit.model;

import lowbit.model.graph.ConcatChannels;
import lowbit.model.graph.Conv;
import lowbit.model.graph.FirstChannels;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.Subsample;
import lowbit.model.graph.Zeros;

/** Adds a residual block's shortcut branch to a graph. */
final class ResidualShortcuts {

    private ResidualShortcuts() {
    }

    /** The node to add to the block's output: {@code input} itself when the shapes already agree. */
    static String add(ModelGraph.Builder g, String prefix, String input, int inChannels, int outChannels, int stride, Shortcut kind) {
        if (stride == 1 && inChannels == outChannels) return input;
        if (kind == Shortcut.PROJECTION) {
            return g.add(prefix + "shortcut", new Conv(inChannels, outChannels, 1, stride, 0, false), input);
        }
        String x = stride == 1 ? input : g.add(prefix + "subsample", new Subsample(stride), input);
        int pad = outChannels - inChannels;
        if (pad == 0) return x;
        if (pad < 0 || pad / 2 > inChannels || pad - pad / 2 > inChannels) {
            throw new IllegalArgumentException("zero padding supports up to doubling the channels: " + inChannels + " -> " + outChannels);
        }
        // F.pad(x, (0,0,0,0, pad//2, pad - pad//2)): zero channels before and after x, cut from 0 * x
        String zeros = g.add(prefix + "zeros", new Zeros(), x);
        String front = g.add(prefix + "zeros_front", new FirstChannels(pad / 2), zeros);
        String back = g.add(prefix + "zeros_back", new FirstChannels(pad - pad / 2), zeros);
        return g.add(prefix + "shortcut", new ConcatChannels(), front, x, back);
    }
}
