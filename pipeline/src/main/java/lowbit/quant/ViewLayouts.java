package lowbit.quant;

import lowbit.model.graph.ParamKind;
import lowbit.model.graph.ParamView;
import lowbit.tensor.ChannelLayout;

/** Channel layouts of engine views: output channels, including every (channel, multiplier) pair of a depthwise weight. */
public final class ViewLayouts {

    private ViewLayouts() {
    }

    public static ChannelLayout outputChannels(ParamView view) {
        if (view.kind() == ParamKind.DEPTHWISE_WEIGHT && view.outAxis() == view.shape().length - 2) {
            return ChannelLayout.depthwiseOutputChannels(view.shape());
        }
        return ChannelLayout.alongAxis(view.shape(), view.outAxis());
    }

    /**
     * Slices along the view's output axis ({@link ParamView#outAxis()}), or the whole
     * tensor as one channel: the grids of QGT's penalty and QAT's fake quantization.
     */
    public static ChannelLayout alongOutputAxis(ParamView view, boolean perChannel) {
        return perChannel ? ChannelLayout.alongAxis(view.shape(), view.outAxis()) : ChannelLayout.whole(view.length());
    }

    /** Per-output-channel layout, or the whole tensor as one channel. */
    public static ChannelLayout scales(ParamView view, boolean perChannel) {
        return perChannel ? outputChannels(view) : ChannelLayout.whole(view.length());
    }
}
