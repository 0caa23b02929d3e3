package lowbit.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import lowbit.model.graph.BatchNormFold;
import lowbit.tensor.Tensor;
import lowbit.model.ModelZoo;
import lowbit.testdata.RandomBatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Per-layer activations, foldable batch norms and the architecture text of a DL4J model. */
@Tag("unit")
class Dl4jModelGraphQueriesTest {

    @Test
    void bothConvBatchNormPairsOfTheTinyGraphFold() {
        Dl4jModel model = Dl4jModel.wrap(TinyGraphs.convBnDense(1, DataType.FLOAT));
        assertEquals(List.of(new BatchNormFold("conv", "bn1", 1e-5), new BatchNormFold("dw", "bn2", 1e-5)),
                model.foldableBatchNorms());
    }

    @Test
    void mobileNetFoldsEveryConvBatchNormPairOfItsBlocks() {
        // original: stem + 13 depthwise + 13 pointwise; quantization-friendly blocks have no depthwise BN
        assertEquals(27, new Dl4jEngine().zoo("mobilenetv1", Map.of("size", "32")).foldableBatchNorms().size());
        assertEquals(14, new Dl4jEngine().zoo("mobilenetv1", Map.of("size", "32", "block", "quant-friendly")).foldableBatchNorms().size());
        assertEquals(List.of(), new Dl4jEngine().zoo("lenet", Map.of()).foldableBatchNorms());
    }

    @Test
    void activationsEndWithTheForwardOutputAndFollowTheGraph() {
        Dl4jModel model = Dl4jModel.wrap(TinyGraphs.convBnDense(2, DataType.FLOAT));
        Tensor x = RandomBatch.of(3, 4, TinyGraphs.CHANNELS, TinyGraphs.SIZE, TinyGraphs.SIZE, TinyGraphs.CLASSES).features();
        Map<String, Tensor> acts = model.activations(x);
        assertEquals(List.of("in", "conv", "bn1", "relu", "dw", "bn2", "pool", "fc", "out"), List.copyOf(acts.keySet()));
        assertArrayEquals(model.forward(x).data(), acts.get("out").data(), 1e-6f);
        assertArrayEquals(new int[] {4, 3, 4, 4}, acts.get("conv").shape());
    }

    @Test
    void architectureRebuildsTheSameNetwork() {
        Dl4jModel model = Dl4jModel.wrap(TinyGraphs.convBnDense(3, DataType.FLOAT));
        Dl4jModel rebuilt = (Dl4jModel) new Dl4jEngine().build(model.architecture());
        assertEquals(model.parameterViews(), rebuilt.parameterViews());
        assertEquals(model.batchNormStateViews(), rebuilt.batchNormStateViews());
        rebuilt.setParameters(model.parameters());
        rebuilt.setBatchNormState(model.batchNormState());
        Tensor x = RandomBatch.of(4, 2, TinyGraphs.CHANNELS, TinyGraphs.SIZE, TinyGraphs.SIZE, TinyGraphs.CLASSES).features();
        assertArrayEquals(model.forward(x).data(), rebuilt.forward(x).data());
    }
}
