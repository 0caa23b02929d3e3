package lowbit.engine.dl4j;

import lowbit.engine.dl4j.layers.NativeConvolution;
import lowbit.engine.dl4j.layers.NativeDepthwiseConvolution;

import java.util.ArrayList;
import java.util.List;

import lowbit.model.graph.BatchNormFold;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;

/**
 * Finds the batch norms of a graph that fold into the layer before them: a plain {@link ConvolutionLayer}
 * or a {@link DepthwiseConvolution2D} with identity activation, feeding only that batch norm (which must
 * learn gamma and beta and use the variance, not log std).
 */
final class Dl4jBatchNormFolds {

    private Dl4jBatchNormFolds() {
    }

    static List<BatchNormFold> of(ComputationGraphConfiguration conf) {
        List<BatchNormFold> folds = new ArrayList<>();
        for (String name : conf.getVertices().keySet()) {
            if (!(layerOf(conf.getVertices().get(name)) instanceof BatchNormalization bn)
                    || bn.isLockGammaBeta() || bn.isUseLogStd()) {
                continue;
            }
            List<String> inputs = conf.getVertexInputs().get(name);
            if (inputs == null || inputs.size() != 1) continue;
            String producer = inputs.get(0);
            if (isFoldableProducer(layerOf(conf.getVertices().get(producer)))
                    && consumers(conf, producer) == 1 && !conf.getNetworkOutputs().contains(producer)) {
                folds.add(new BatchNormFold(producer, name, bn.getEps()));
            }
        }
        return List.copyOf(folds);
    }

    private static boolean isFoldableProducer(Layer layer) {
        // exact classes: subclasses such as Deconvolution2D or SeparableConvolution2D do not fold this way
        boolean kind = layer != null && (layer.getClass() == ConvolutionLayer.class || layer.getClass() == DepthwiseConvolution2D.class
                || layer.getClass() == NativeConvolution.class || layer.getClass() == NativeDepthwiseConvolution.class);
        return kind && ((ConvolutionLayer) layer).getActivationFn() instanceof ActivationIdentity;
    }

    private static long consumers(ComputationGraphConfiguration conf, String vertex) {
        return conf.getVertexInputs().values().stream().filter(in -> in.contains(vertex)).count();
    }

    private static Layer layerOf(GraphVertex vertex) {
        return vertex instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
    }
}
