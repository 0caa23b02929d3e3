package lowbit.engine.dl4j.layers;

import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DL4J's {@link SubsetVertex} (channels {@code from..to} inclusive) with the output type of CNN inputs fixed:
 * in 1.0.0-M2 it reports {@code from - to + 1} channels, which breaks shape inference after it.
 */
public class ChannelSubsetVertex extends SubsetVertex {

    public ChannelSubsetVertex(@JsonProperty("from") int from, @JsonProperty("to") int to) {
        super(from, to);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length == 1 && vertexInputs[0] instanceof InputType.InputTypeConvolutional c) {
            if (getTo() >= c.getChannels()) {
                throw new InvalidInputTypeException("channels " + getFrom() + ".." + getTo() + " of " + c.getChannels());
            }
            return InputType.convolutional(c.getHeight(), c.getWidth(), getTo() - getFrom() + 1, c.getFormat());
        }
        return super.getOutputType(layerIndex, vertexInputs);
    }

    @Override
    public ChannelSubsetVertex clone() {
        return new ChannelSubsetVertex(getFrom(), getTo());
    }
}
