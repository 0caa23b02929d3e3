package lowbit.model.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import lowbit.engine.ModelCost;
import lowbit.model.ModelZoo;
import lowbit.engine.dl4j.Dl4jEngine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ModelGraphTest {

    @Test
    void tensorflowSamePaddingPutsTheOddRowAtTheBottom() {
        assertEquals(new Padding(0, 0, 1, 1), Padding.same(96, 96, 3, 2));
        assertEquals(new Padding(1, 1, 1, 1), Padding.same(48, 48, 3, 1));
        assertEquals(new Padding(1, 1, 1, 1), Padding.same(7, 7, 3, 2), "odd input: symmetric");
        assertEquals(new Padding(0, 0, 0, 0), Padding.same(6, 6, 1, 1));
    }

    @Test
    void everyNodeHasItsShapeAndTheMacsAreThoseOfTheLayers() {
        ModelGraph g = ModelZoo.graph("mobilenetv1", Map.of("padding", "same", "channels", "3", "bias", "true"));
        assertEquals(Shape.image(8, 48, 48), g.shape("conv"));
        assertEquals(Shape.image(256, 3, 3), g.shape("b13.pw_act"));
        assertEquals(Shape.features(256), g.shape("pool"));
        assertEquals(2, g.classes());
        assertEquals(new Padding(0, 0, 1, 1), ((Conv) g.node("conv").op()).padding());
        ModelGraph lenet = ModelZoo.graph("lenet", Map.of());
        assertEquals(ModelCost.forwardMacs(new Dl4jEngine().zoo("lenet", Map.of()), 1, 28, 28), lenet.macs());
        assertEquals(2_293_000, lenet.macs());
    }

    @Test
    void badGraphsAreErrorsNamingTheNode() {
        ModelGraph.Builder b = new ModelGraph.Builder(Shape.image(1, 8, 8), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.add("conv", new Conv(3, 4, 3, 1, 1, false)));
        assertTrue(e.getMessage().contains("node conv") && e.getMessage().contains("3 input channels"), e.getMessage());
        b.add("conv", new Conv(1, 4, 3, 1, 1, false));
        assertThrows(IllegalArgumentException.class, () -> b.add("conv", new Activation(Nonlinearity.RELU)), "duplicate name");
        assertThrows(IllegalArgumentException.class, () -> b.add("x", new Add(), "conv", "nowhere"));
        assertThrows(IllegalArgumentException.class, b::build, "a graph ends in a classifier");
        b.add("pool", new GlobalAvgPool());
        b.add("fc", Dense.classifier(4, 3));
        ModelGraph g = b.build();
        assertEquals(List.of("conv/W", "fc/W", "fc/b"), g.trainableViews().stream().map(ParamView::name).toList());
    }
}
