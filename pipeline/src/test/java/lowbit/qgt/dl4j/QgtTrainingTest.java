package lowbit.qgt.dl4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import lowbit.qgt.LambdaSchedule;
import lowbit.qgt.QgtPenaltyKind;
import lowbit.quant.SymmetricQuantizer;
import lowbit.tensor.ChannelLayout;
import lowbit.tensor.dl4j.Dl4jWeights;
import lowbit.tensor.dl4j.WeightChannels;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** QGT at 2 bits must pull a trained MLP's hidden weights onto the grid; plain training must not. */
class QgtTrainingTest {

    private static final int HIDDEN_LAYERS = 2;

    private static DataSet task() {
        Random rnd = new Random(5);
        int n = 256;
        float[][] x = new float[n][4];
        float[][] y = new float[n][2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) rnd.nextGaussian();
            }
            y[i][x[i][0] + x[i][1] * x[i][2] > 0 ? 1 : 0] = 1f;
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }

    private static MultiLayerNetwork train(List<Regularization> hiddenRegularization) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(42)
                .updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(32).activation(Activation.TANH)
                        .regularization(hiddenRegularization).build())
                .layer(new DenseLayer.Builder().nIn(32).nOut(32).activation(Activation.TANH)
                        .regularization(hiddenRegularization).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(32).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        DataSet data = task();
        for (int i = 0; i < 150; i++) {
            net.fit(data);
        }
        return net;
    }

    /** mean |w - Q_2(w)| / max |w| of a weight tensor, per tensor. */
    private static double gridDistance(MultiLayerNetwork net, int layer) {
        float[] w = Dl4jWeights.toFloats(net.getLayer(layer).getParam("W"));
        ChannelLayout whole = ChannelLayout.whole(w.length);
        float[] q = new SymmetricQuantizer(2).quantize(w, whole);
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
        MultiLayerNetwork plain = train(List.of());
        MultiLayerNetwork qgt = train(List.of(new QgtRegularization(2, WeightChannels.WHOLE,
                QgtPenaltyKind.GRID_DISTANCE, LambdaSchedule.constant(500), 0)));
        for (int layer = 0; layer < HIDDEN_LAYERS; layer++) {
            double without = gridDistance(plain, layer);
            double with = gridDistance(qgt, layer);
            assertTrue(without > 0.1, "layer " + layer + " without QGT: " + without);
            assertTrue(with < 0.2 * without && with < 0.02,
                    "layer " + layer + ": " + with + " with QGT vs " + without + " without");
        }
        double accuracy = qgt.evaluate(new SingletonDataSetIterator(task())).accuracy();
        assertTrue(accuracy > 0.75, "the regularized net must still learn the task, accuracy " + accuracy);
    }
}
