package lowbit.model.graph;

import java.util.List;

/** The elementwise sum of two inputs of one shape (a residual connection). */
public record Add() implements Op {

    @Override
    public Shape output(List<Shape> inputs) {
        return Average.sameShapes(this, inputs, 2);
    }
}
