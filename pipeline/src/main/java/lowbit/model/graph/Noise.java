package lowbit.model.graph;

import java.util.List;

/**
 * EnResNet's noise injection {@code x + scale * std(x) * N(0, I)}, in training and inference: one Bessel-corrected std
 * over the whole batch tensor, differentiated through, noise from the node's own generator seeded with {@code seed}.
 */
public record Noise(double scale, long seed) implements Op {

    @Override
    public Shape output(List<Shape> inputs) {
        return Op.single(this, inputs);
    }
}
