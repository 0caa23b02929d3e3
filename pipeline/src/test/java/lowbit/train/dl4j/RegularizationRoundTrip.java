package lowbit.train.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Checks that a custom Regularization survives DL4J's configuration JSON and ModelSerializer. */
public final class RegularizationRoundTrip {
    private RegularizationRoundTrip() {
    }

    /** A small conv + dense net with {@code reg} on the conv and the dense weights. */
    public static MultiLayerConfiguration configWith(Regularization reg) {
        return new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU)
                        .regularization(List.of(reg)).build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH)
                        .regularization(List.of(reg.clone())).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(6, 6, 1))
                .build();
    }

    public static void assertJsonRoundTrip(Regularization reg) {
        MultiLayerConfiguration conf = configWith(reg);
        String json = conf.toJson();
        assertTrue(json.contains(reg.getClass().getName()), json);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(List.of(reg), regularizationOfLayer(back, 0));
    }

    public static void assertModelSerializerRoundTrip(Regularization reg) throws IOException {
        MultiLayerNetwork net = new MultiLayerNetwork(configWith(reg));
        net.init();
        File file = Files.createTempFile("lowbit-reg", ".zip").toFile();
        try {
            ModelSerializer.writeModel(net, file, true);
            MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
            assertEquals(List.of(reg), regularizationOfLayer(restored.getLayerWiseConfigurations(), 0));
            assertEquals(List.of(reg), regularizationOfLayer(restored.getLayerWiseConfigurations(), 1));
            assertEquals(net.params(), restored.params());
        } finally {
            Files.deleteIfExists(file.toPath());
        }
    }

    private static List<Regularization> regularizationOfLayer(MultiLayerConfiguration conf, int layer) {
        return ((org.deeplearning4j.nn.conf.layers.BaseLayer) conf.getConf(layer).getLayer()).getRegularization();
    }
}
