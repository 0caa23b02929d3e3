package lowbit.model.graph;

import java.util.List;

/** The inputs stacked along the channels, in input order. */
public record ConcatChannels() implements Op {

    @Override
    public Shape output(List<Shape> inputs) {
        if (inputs.isEmpty()) throw new IllegalArgumentException(this + " needs inputs");
        int channels = 0;
        for (Shape s : inputs) {
            if (!s.isImage() || s.height() != inputs.get(0).height() || s.width() != inputs.get(0).width()) {
                throw new IllegalArgumentException(this + " needs feature maps of one size, got " + inputs);
            }
            channels += s.channels();
        }
        return Shape.image(channels, inputs.get(0).height(), inputs.get(0).width());
    }

    @Override
    public GraphNode.Role role() {
        return GraphNode.Role.MOVE;
    }
}
