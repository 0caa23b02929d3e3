package lowbit.model;

import lowbit.engine.dl4j.Dl4jNetworks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import lowbit.model.graph.ParamView;
import lowbit.tensor.Tensor;
import lowbit.engine.Engines;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jModel;
import lowbit.testdata.FashionMnistSample;
import lowbit.testdata.PlainSgd;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

@Tag("data")
class LeNetTest {

    /** models.py LeNet(10): conv1 1*20*25+20, conv2 20*50*25+50, fc1 800*500+500, fc2 500*10+10. */
    static final int PYTORCH_LENET_PARAMS = (1 * 20 * 25 + 20) + (20 * 50 * 25 + 50) + (800 * 500 + 500) + (500 * 10 + 10);

    @Test
    void parameterCountAndShapesEqualPyTorchReference() {
        Dl4jModel model = Dl4jNetworks.build(LeNet.mnist(1));
        assertEquals(431_080, PYTORCH_LENET_PARAMS);
        assertEquals(PYTORCH_LENET_PARAMS, model.parameterCount());
        assertEquals(0, model.batchNormState().length);
        List<ParamView> views = model.parameterViews();
        assertEquals(List.of("conv1/b", "conv1/W", "conv2/b", "conv2/W", "fc1/W", "fc1/b", "fc2/W", "fc2/b"),
                views.stream().map(ParamView::name).toList());
        assertArrayEquals(new int[] {20, 1, 5, 5}, views.get(1).shape());
        assertArrayEquals(new int[] {50, 20, 5, 5}, views.get(3).shape());
        assertArrayEquals(new int[] {500, 800}, views.get(4).shape());
        assertArrayEquals(new int[] {10, 500}, views.get(6).shape());
    }

    @Test
    void alphaScalesEveryLayerAndBothEnginesBuildTheSameNetwork() {
        Map<String, String> half = Map.of("alpha", "0.5", "seed", "3");
        TrainableModel torch = Engines.named("torch", 1).zoo("lenet", half);
        TrainableModel dl4j = Engines.named("dl4j", 1).zoo("lenet", half);
        List<ParamView> views = torch.parameterViews();
        assertEquals(views, dl4j.parameterViews());
        assertArrayEquals(new int[] {10, 1, 5, 5}, views.get(1).shape());
        assertArrayEquals(new int[] {25, 10, 5, 5}, views.get(3).shape());
        assertArrayEquals(new int[] {250, 400}, views.get(4).shape());
        assertArrayEquals(new int[] {10, 250}, views.get(6).shape());
        assertEquals((25 * 10 + 10) + (10 * 25 * 25 + 25) + (400 * 250 + 250) + (250 * 10 + 10), torch.parameterCount());
        dl4j.setParameters(torch.parameters());
        Tensor x = Tensor.of(new float[2 * 28 * 28], 2, 1, 28, 28);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = (float) Math.sin(0.37 * i);
        }
        assertArrayEquals(torch.forward(x).data(), dl4j.forward(x).data(), 1e-5f);
        assertEquals(LeNet.mnist(3).trainableViews(), ModelZoo.graph("lenet", Map.of("alpha", "1", "seed", "3")).trainableViews(),
                "alpha 1 is the reference LeNet");
        assertThrows(IllegalArgumentException.class, () -> ModelZoo.graph("lenet", Map.of("alpha", "0")));
    }

    @Test
    void lossIsTheMeanCrossEntropyOfTheForwardProbabilities() throws IOException {
        FashionMnistSample data = FashionMnistSample.firstTrain(8);
        Dl4jModel model = Dl4jNetworks.build(LeNet.mnist(6));
        Tensor p = model.forward(data.images());
        double expected = 0;
        for (int i = 0; i < 8; i++) expected -= Math.log(p.get(i, data.labels()[i])) / 8;
        assertEquals(expected, model.forwardBackward(data.images(), data.labels()), 1e-5);
    }

    /** fc1/W is [out, in] over torch.flatten's order c*16 + h*4 + w of pool2's [50, 4, 4] output, as in PyTorch. */
    @Test
    void denseWeightsIndexFeaturesInPyTorchFlattenOrder() throws IOException {
        FashionMnistSample data = FashionMnistSample.firstTrain(2);
        Dl4jModel model = Dl4jNetworks.build(LeNet.mnist(7));
        var acts = model.graph().feedForward(Nd4j.create(data.images().data(), new long[] {2, 1, 28, 28}, 'c'), false);
        INDArray pooled = acts.get("pool2");
        INDArray hidden = acts.get("fc1");
        float[] w = model.parameters();
        ParamView fcW = model.parameterViews().get(4);
        ParamView fcB = model.parameterViews().get(5);
        for (int o : new int[] {0, 7, 499}) {
            double z = w[fcB.offset() + o];
            for (int c = 0; c < 50; c++) {
                for (int h = 0; h < 4; h++) {
                    for (int x = 0; x < 4; x++) {
                        z += w[fcW.offset() + o * 800 + c * 16 + h * 4 + x] * pooled.getDouble(1, c, h, x);
                    }
                }
            }
            assertEquals(Math.max(0, z), hidden.getDouble(1, o), 1e-4);
        }
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        assertArrayEquals(Dl4jNetworks.build(LeNet.mnist(3)).parameters(), Dl4jNetworks.build(LeNet.mnist(3)).parameters());
        assertTrue(!Arrays.equals(Dl4jNetworks.build(LeNet.mnist(3)).parameters(), Dl4jNetworks.build(LeNet.mnist(4)).parameters()));
    }

    @Test
    void sgdStepsOnFashionMnistReduceTheLoss() throws IOException {
        FashionMnistSample data = FashionMnistSample.firstTrain(256);
        Dl4jModel model = Dl4jNetworks.build(LeNet.mnist(5));
        double[] losses = PlainSgd.losses(model, data.images(), data.labels(), 10, 0.05f);
        System.out.println("lenet fashion-mnist losses " + Arrays.toString(losses));
        assertTrue(losses[10] < 0.6 * losses[0], Arrays.toString(losses));
        Tensor p = model.forward(data.images());
        int correct = 0;
        for (int i = 0; i < 256; i++) {
            int best = 0;
            for (int c = 1; c < 10; c++) if (p.get(i, c) > p.get(i, best)) best = c;
            if (best == data.labels()[i]) correct++;
        }
        assertTrue(correct > 256 * 0.4, correct + " of 256 correct after 10 steps");
    }
}
