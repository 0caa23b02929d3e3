package lowbit.model;

import lowbit.engine.ModelFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import lowbit.model.graph.ParamView;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.engine.dl4j.Dl4jModel;
import lowbit.engine.dl4j.layers.BinaryStepActivation;
import lowbit.testdata.PlainSgd;
import lowbit.testdata.RandomBatch;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The binarized activation with straight-through gradient, alone and as the zoo's {@code activation=binary}. */
@Tag("unit")
class BinaryActivationTest {

    private static final RandomBatch BATCH = RandomBatch.of(21, 8, 1, 28, 28, 10);

    @Test
    void forwardIsTheStepAndBackwardTheReluDerivative() {
        BinaryStepActivation fn = new BinaryStepActivation();
        float[] x = {-2f, -0f, 0f, 1e-6f, 3f};
        assertArrayEquals(new float[] {0, 0, 0, 1, 1}, fn.getActivation(Nd4j.createFromArray(x), true).toFloatVector());
        INDArray epsilon = Nd4j.createFromArray(5f, 6f, 7f, 8f, 9f);
        assertArrayEquals(new float[] {0, 0, 0, 8, 9}, fn.backprop(Nd4j.createFromArray(x), epsilon).getFirst().toFloatVector());
        assertArrayEquals(new double[] {0, 1}, fn.getActivation(Nd4j.createFromArray(-0.5, 0.5), false).toDoubleVector());
    }

    @Test
    void binaryLenetOutputsStepsTrainsThroughTheStepAndRoundTripsThroughSaveAndLoad(@TempDir Path dir) throws IOException {
        Dl4jModel model = (Dl4jModel) new Dl4jEngine().zoo("lenet", Map.of("seed", "2", "activation", "binary"));
        assertEquals(LeNetTest.PYTORCH_LENET_PARAMS, model.parameterCount());
        assertInstanceOf(BinaryStepActivation.class, activationOf(layer(model.graph().getConfiguration(), "fc1")));
        float[] hidden = model.activations(BATCH.features()).get("fc1").data();
        assertTrue(hidden.length > 0 && allZeroOrOne(hidden), "fc1 outputs 0 / 1");
        assertTrue(contains(hidden, 0f) && contains(hidden, 1f));

        // a true step has zero derivative, so only the straight-through path gives conv1 a gradient
        model.forwardBackward(BATCH.features(), BATCH.labels());
        ParamView conv1 = model.parameterViews().stream().filter(v -> v.name().equals("conv1/W")).findFirst().orElseThrow();
        float[] g = conv1.read(model.gradients());
        assertTrue(norm(g) > 0, "conv1 gradient through the binarized fc1");
        float[] before = model.parameters();
        double[] losses = PlainSgd.losses(model, BATCH.features(), BATCH.labels(), 1, 0.05f);
        assertNotEquals(losses[0], losses[1]);
        assertTrue(losses[1] < losses[0], Arrays.toString(losses));
        assertNotEquals(Arrays.hashCode(before), Arrays.hashCode(model.parameters()));

        Path file = dir.resolve("binary-lenet.zip");
        ModelFiles.save(model, file);
        Dl4jModel loaded = (Dl4jModel) ModelFiles.read(file, "dl4j", 0).model();
        assertEquals(model.graph().getConfiguration(), loaded.graph().getConfiguration());
        assertInstanceOf(BinaryStepActivation.class, activationOf(layer(loaded.graph().getConfiguration(), "fc1")));
        assertArrayEquals(model.parameters(), loaded.parameters());
        assertArrayEquals(model.forward(BATCH.features()).data(), loaded.forward(BATCH.features()).data());
        assertTrue(model.graph().getConfiguration().toJson().contains("\"@class\" : \"" + BinaryStepActivation.class.getName() + "\""),
                "the JSON names the class");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet", "resnet20", "preact-resnet20", "enresnet20", "mobilenetv1"})
    void binaryReplacesEveryReluAndNothingElse(String name) {
        Map<String, String> small = name.equals("lenet") ? Map.of() : Map.of("size", "16");
        ComputationGraphConfiguration plain = ((Dl4jModel) new Dl4jEngine().zoo(name, small)).graph().getConfiguration();
        Map<String, String> binaryOptions = new java.util.HashMap<>(small);
        binaryOptions.put("activation", "binary");
        ComputationGraphConfiguration binary = ((Dl4jModel) new Dl4jEngine().zoo(name, binaryOptions)).graph().getConfiguration();
        int replaced = 0;
        for (String vertex : plain.getVertices().keySet()) {
            if (!(plain.getVertices().get(vertex) instanceof LayerVertex)) {
                continue;
            }
            IActivation before = activationOf(layer(plain, vertex));
            IActivation after = activationOf(layer(binary, vertex));
            if (before instanceof ActivationReLU || before instanceof ActivationReLU6) {
                assertInstanceOf(BinaryStepActivation.class, after, vertex);
                replaced++;
            } else {
                assertEquals(before, after, vertex);
            }
        }
        assertTrue(replaced > 0, name + " has hidden ReLUs");
    }

    private static Layer layer(ComputationGraphConfiguration conf, String vertex) {
        return ((LayerVertex) conf.getVertices().get(vertex)).getLayerConf().getLayer();
    }

    private static IActivation activationOf(Layer layer) {
        if (layer instanceof BaseLayer b) return b.getActivationFn();
        if (layer instanceof ActivationLayer a) return a.getActivationFn();
        return null;
    }

    private static boolean allZeroOrOne(float[] x) {
        for (float v : x) {
            if (v != 0f && v != 1f) return false;
        }
        return true;
    }

    private static boolean contains(float[] x, float value) {
        for (float v : x) {
            if (v == value) return true;
        }
        return false;
    }

    private static double norm(float[] x) {
        double s = 0;
        for (float v : x) s += v * v;
        return Math.sqrt(s);
    }
}
