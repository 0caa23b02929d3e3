package lowbit.model.graph;

import java.util.List;

/**
 * The graph's output when it is not a classifier layer itself: the class probabilities of the logits before it (the
 * model applies the softmax and the cross-entropy); a named node so that both engines have it (EnResNet's "softmax").
 */
public record SoftmaxOutput() implements Op {

    @Override
    public Shape output(List<Shape> inputs) {
        return Op.single(this, inputs);
    }

    @Override
    public GraphNode.Role role() {
        return GraphNode.Role.MOVE;
    }
}
