package lowbit.qgt.dl4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lowbit.qgt.LambdaSchedule;
import lowbit.qgt.QgtPenaltyKind;
import lowbit.quant.SymmetricQuantizer;
import lowbit.tensor.ChannelLayout;
import lowbit.tensor.dl4j.TinyMlp;
import lowbit.tensor.dl4j.WeightChannels;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** QGT at 2 bits must pull a trained MLP's hidden weights onto the grid; plain training must not. */
class QgtTrainingTest {

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
        MultiLayerNetwork plain = TinyMlp.train(List.of(), 40);
        MultiLayerNetwork qgt = TinyMlp.train(List.of(new QgtRegularization(2, WeightChannels.WHOLE,
                QgtPenaltyKind.GRID_DISTANCE, LambdaSchedule.constant(500), 0)), 40);
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
