package lowbit.model;

import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import lowbit.model.layers.ChannelSubsetVertex;

/** Adds a residual block's shortcut branch to a graph. */
final class ResidualShortcuts {

    private ResidualShortcuts() {
    }

    /** The vertex to add to the block's output: {@code input} itself when the shapes already agree. */
    static String add(GraphAssembler g, String prefix, String input, int inChannels, int outChannels, int stride, Shortcut kind) {
        if (stride == 1 && inChannels == outChannels) return input;
        if (kind == Shortcut.PROJECTION) {
            return g.layer(prefix + "shortcut", Layers.conv(outChannels, 1, stride, 0, false), input);
        }
        String x = stride == 1 ? input : g.layer(prefix + "subsample", Layers.subsample(stride), input);
        int pad = outChannels - inChannels;
        if (pad == 0) return x;
        if (pad < 0 || pad / 2 > inChannels || pad - pad / 2 > inChannels) {
            throw new IllegalArgumentException("zero padding supports up to doubling the channels: " + inChannels + " -> " + outChannels);
        }
        // F.pad(x, (0,0,0,0, pad//2, pad - pad//2)): zero channels before and after x, cut from 0 * x.
        String zeros = g.vertex(prefix + "zeros", new ScaleVertex(0), x);
        String front = g.vertex(prefix + "zeros_front", new ChannelSubsetVertex(0, pad / 2 - 1), zeros);
        String back = g.vertex(prefix + "zeros_back", new ChannelSubsetVertex(0, pad - pad / 2 - 1), zeros);
        return g.vertex(prefix + "shortcut", new MergeVertex(), front, x, back);
    }
}
