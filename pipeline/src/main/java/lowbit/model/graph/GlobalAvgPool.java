package lowbit.model.graph;

import java.util.List;

/** The mean of each channel over the whole map: [C, H, W] to [C]. */
public record GlobalAvgPool() implements Op {

    @Override
    public Shape output(List<Shape> inputs) {
        return Shape.features(Op.image(this, inputs, -1).channels());
    }
}
