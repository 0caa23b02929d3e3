package lowbit.train.dl4j;

import java.util.ArrayList;
import java.util.List;
import lowbit.model.graph.ParamKind;
import lowbit.model.graph.ParamView;
import lowbit.method.Regularizer;
import java.util.Random;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A 4-32-32-2 tanh MLP trained with SGD on a small synthetic task (label = x0 + x1 x2 > 0), with a
 * lowbit method on its two hidden weight matrices: the test bench for methods inside DL4J's training.
 */
public final class TinyMlp {
    public static final int HIDDEN_LAYERS = 2;
    private static final int EXAMPLES = 256;
    private static final int BATCH = 64;

    private TinyMlp() {
    }

    public static DataSet task() {
        Random rnd = new Random(5);
        float[][] x = new float[EXAMPLES][4];
        float[][] y = new float[EXAMPLES][2];
        for (int i = 0; i < EXAMPLES; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) rnd.nextGaussian();
            }
            y[i][x[i][0] + x[i][1] * x[i][2] > 0 ? 1 : 0] = 1f;
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }

    /** The hidden layers' weights as lowbit views: DL4J's 'f'-order [in, out] is C-order [out, in]. */
    public static List<ParamView> hiddenViews() {
        return List.of(new ParamView("hidden0/W", ParamKind.DENSE_WEIGHT, 0, new int[] {32, 4}, 0),
                new ParamView("hidden1/W", ParamKind.DENSE_WEIGHT, 0, new int[] {32, 32}, 0));
    }

    /** Trains with {@code method} (null: none) on both hidden weight matrices, applied by DL4J's own training. */
    public static MultiLayerNetwork train(Regularizer method, int epochs, TrainingListener... listeners) {
        List<ParamView> views = hiddenViews();
        List<List<Regularization>> hidden = new ArrayList<>();
        if (method != null) {
            method.bind(views);
        }
        for (ParamView v : views) {
            hidden.add(method == null ? List.of() : List.of(new RegularizerInDl4j(method, v, 0)));
        }
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(42)
                .updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(32).activation(Activation.TANH)
                        .regularization(hidden.get(0)).build())
                .layer(new DenseLayer.Builder().nIn(32).nOut(32).activation(Activation.TANH)
                        .regularization(hidden.get(1)).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(32).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        net.setListeners(listeners);
        net.fit(new ListDataSetIterator<>(task().asList(), BATCH), epochs);
        return net;
    }

    public static double accuracy(MultiLayerNetwork net) {
        return net.evaluate(new SingletonDataSetIterator(task())).accuracy();
    }

    public static float[] hiddenWeights(MultiLayerNetwork net, int layer) {
        return Dl4jWeights.toFloats(net.getLayer(layer).getParam("W"));
    }
}
