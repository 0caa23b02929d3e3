package lowbit.model.graph;

import java.util.List;

/** The elementwise mean of its inputs (EnResNet's member logits). */
public record Average() implements Op {

    @Override
    public Shape output(List<Shape> inputs) {
        return sameShapes(this, inputs, 1);
    }

    /** The inputs' common shape, with at least {@code min} inputs. */
    static Shape sameShapes(Op op, List<Shape> inputs, int min) {
        if (inputs.size() < min) throw new IllegalArgumentException(op + " takes at least " + min + " inputs, got " + inputs.size());
        for (Shape s : inputs) {
            if (!s.equals(inputs.get(0))) throw new IllegalArgumentException(op + " needs inputs of one shape, got " + inputs);
        }
        return inputs.get(0);
    }
}
