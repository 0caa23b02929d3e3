package lowbit.engine.dl4j.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Passes activations and gradients through as they are (no copy). In a {@link PreprocessorVertex} it stands where an
 * activation layer was that the batch norm before it now applies ({@link NativeBatchNorm}): the graph keeps the vertex
 * names of batch norm + activation layer, which the torch engine's graphs share, and DL4J's topological order of them,
 * which fixes the order of the parameters.
 */
public class PassThroughPreProcessor implements InputPreProcessor {

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, input);
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, output);
    }

    @Override
    public PassThroughPreProcessor clone() {
        return new PassThroughPreProcessor();
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return inputType;
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PassThroughPreProcessor;
    }

    @Override
    public int hashCode() {
        return PassThroughPreProcessor.class.hashCode();
    }
}
