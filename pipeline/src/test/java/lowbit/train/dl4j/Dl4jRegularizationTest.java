package lowbit.train.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;

import lowbit.model.graph.ParamKind;
import lowbit.model.graph.ParamView;
import lowbit.sparse.ThresholdKind;
import lowbit.tensor.dl4j.Dl4jWeights;
import lowbit.train.RvsmRegularizer;
import lowbit.train.WeightLayers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.Regularization;

/** DL4J's training (parameter averaging) applies the same pull as the engine-neutral trainer. */
@Tag("unit")
class Dl4jRegularizationTest {

    @Test
    void rgsmOnDl4jAddsTheTrainersPullAndGroupLasso() {
        ParamView conv = new ParamView("conv2/W", ParamKind.CONV_WEIGHT, 0, new int[] {3, 4, 2, 2}, 0);
        RvsmRegularizer rgsm = new RvsmRegularizer(ThresholdKind.GROUP_L0, 0.5, 1, 1, 0.3,
                new WeightLayers("rvsm", "threshold", List.of(), WeightLayers.Groups.INPUT));
        rgsm.bind(List.of(conv));
        float[] w = new float[conv.length()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.sin(1.7 * i) * (i % 4 == 1 ? 0.05f : 1f); // input slice 1 small: it is cut
        }
        float[] expected = new float[w.length];
        rgsm.addGradient(w, expected, List.of(conv), 0);

        Regularization dl4j = Dl4jTraining.regularization(rgsm, conv, 10);
        INDArray param = Nd4j.create(w, new long[] {1, w.length}, 'c');
        INDArray grad = Nd4j.zeros(param.dataType(), 1, w.length);
        dl4j.apply(param, grad, 0.1, 0, 0);
        assertArrayEquals(expected, Dl4jWeights.toFloats(grad), 1e-6f);
    }
}
