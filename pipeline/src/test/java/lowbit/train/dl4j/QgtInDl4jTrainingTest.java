package lowbit.train.dl4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import lowbit.qgt.LambdaSchedule;
import lowbit.qgt.QgtPenaltyKind;
import lowbit.quant.SymmetricQuantizer;
import lowbit.tensor.ChannelLayout;
import lowbit.model.graph.LayerSettings;
import lowbit.qgt.QgtRegularizer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** QGT at 2 bits, applied by DL4J's own training (parameter averaging's workers), must pull a trained MLP's hidden weights onto the grid; plain training must not. */
@Tag("unit")
class QgtInDl4jTrainingTest {

    /** mean |w - Q_2(w)| / max |w| of a hidden weight matrix, per tensor. */
    private static double gridDistance(MultiLayerNetwork net, int layer) {
        float[] w = TinyMlp.hiddenWeights(net, layer);
        float[] q = new SymmetricQuantizer(2).quantize(w, ChannelLayout.whole(w.length));
        double sum = 0;
        double max = 0;
        for (int i = 0; i < w.length; i++) {
            sum += Math.abs(w[i] - q[i]);
            max = Math.max(max, Math.abs(w[i]));
        }
        return sum / w.length / max;
    }

    @Test
    void twoBitQgtDrivesHiddenWeightsOntoTheGrid() {
        MultiLayerNetwork plain = TinyMlp.train(null, 40);
        MultiLayerNetwork qgt = TinyMlp.train(new QgtRegularizer(LambdaSchedule.constant(500), LayerSettings.uniform(2),
                LayerSettings.uniform(1.0), false, QgtPenaltyKind.GRID_DISTANCE), 40);
        for (int layer = 0; layer < TinyMlp.HIDDEN_LAYERS; layer++) {
            double without = gridDistance(plain, layer);
            double with = gridDistance(qgt, layer);
            assertTrue(without > 0.1, "layer " + layer + " without QGT: " + without);
            assertTrue(with < 0.2 * without && with < 0.02,
                    "layer " + layer + ": " + with + " with QGT vs " + without + " without");
        }
        double accuracy = TinyMlp.accuracy(qgt);
        assertTrue(accuracy > 0.75, "the regularized net must still learn the task, accuracy " + accuracy);
    }
}
