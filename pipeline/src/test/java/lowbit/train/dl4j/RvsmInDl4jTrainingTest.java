package lowbit.train.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lowbit.sparse.Sparsity;
import lowbit.sparse.ThresholdKind;
import lowbit.rvsm.RvsmRegularizer;
import lowbit.method.WeightLayers;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** RVSM with l0 and the epoch-end threshold, applied by DL4J's own training, must make the hidden weights sparse and keep the task learnt. */
@Tag("unit")
class RvsmInDl4jTrainingTest {

    private static Sparsity hiddenSparsity(MultiLayerNetwork net) {
        Sparsity total = new Sparsity(0, 0);
        for (int layer = 0; layer < TinyMlp.HIDDEN_LAYERS; layer++) {
            total = total.plus(Sparsity.ofWeights(TinyMlp.hiddenWeights(net, layer)));
        }
        return total;
    }

    @Test
    void l0SplittingPrunesHiddenWeights() {
        RvsmRegularizer l0 = new RvsmRegularizer(ThresholdKind.L0, 0.005, 1, 1, 0,
                new WeightLayers("rvsm", "threshold", List.of(), null));
        MultiLayerNetwork plain = TinyMlp.train(null, 40);
        MultiLayerNetwork rvsm = TinyMlp.train(l0, 40, new EpochEndInDl4j());
        assertEquals(0.0, hiddenSparsity(plain).ratio(), 0.0);
        double sparsity = hiddenSparsity(rvsm).ratio();
        assertTrue(sparsity > 0.3, "weight sparsity " + sparsity);
        double accuracy = TinyMlp.accuracy(rvsm);
        assertTrue(accuracy > 0.75, "the pruned net must still learn the task, accuracy " + accuracy);
        // the epoch-end step leaves no weight between 0 and the cut sqrt(2 lambda / beta) = 0.1
        for (int layer = 0; layer < TinyMlp.HIDDEN_LAYERS; layer++) {
            for (float w : TinyMlp.hiddenWeights(rvsm, layer)) {
                assertTrue(w == 0f || Math.abs(w) > 0.1, "weight " + w);
            }
        }
    }
}
