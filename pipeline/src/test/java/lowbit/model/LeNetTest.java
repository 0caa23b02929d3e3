package lowbit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import lowbit.engine.ParamView;
import lowbit.engine.Tensor;
import lowbit.engine.dl4j.Dl4jModel;
import lowbit.testdata.FashionMnistSample;
import lowbit.testdata.PlainSgd;
import org.junit.jupiter.api.Test;

class LeNetTest {

    /** models.py LeNet(10): conv1 1*20*25+20, conv2 20*50*25+50, fc1 800*500+500, fc2 500*10+10. */
    static final int PYTORCH_LENET_PARAMS = (1 * 20 * 25 + 20) + (20 * 50 * 25 + 50) + (800 * 500 + 500) + (500 * 10 + 10);

    @Test
    void parameterCountAndShapesEqualPyTorchReference() {
        Dl4jModel model = LeNet.mnist(1);
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
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        assertArrayEquals(LeNet.mnist(3).parameters(), LeNet.mnist(3).parameters());
        assertTrue(!Arrays.equals(LeNet.mnist(3).parameters(), LeNet.mnist(4).parameters()));
    }

    @Test
    void sgdStepsOnFashionMnistReduceTheLoss() throws IOException {
        FashionMnistSample data = FashionMnistSample.firstTrain(256);
        Dl4jModel model = LeNet.mnist(5);
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
