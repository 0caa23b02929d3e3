package lowbit.train;

import lowbit.config.ConfigError;
import lowbit.data.shard.Manifest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class ModelRecipeTest {

    @Test
    void theModelTakesTheDatasetsShapeAndClassesUnlessItsOptionsAgreeOrDisagree() {
        ModelRecipe lenet = new ModelRecipe("lenet", Map.of("seed", "1"));
        ModelRecipe fitted = lenet.fittedTo(new Manifest.Shape(1, 32, 32), 2);
        assertEquals(Map.of("seed", "1", "classes", "2", "channels", "1", "height", "32", "width", "32"), fitted.options());
        assertEquals(2 * 500 + 2, fitted.build().parameterViews().stream()
                .filter(v -> v.name().startsWith("fc2/")).mapToInt(v -> v.length()).sum(), "2 classes");
        assertEquals(Map.of("size", "32", "classes", "2", "channels", "1"),
                new ModelRecipe("lenet", Map.of("size", "32")).fittedTo(new Manifest.Shape(1, 32, 32), 2).options());
        assertEquals("lenet(alpha=1)", new ModelRecipe("lenet", Map.of("seed", "3", "alpha", "1")).describe());
        assertEquals("lenet [torch]", new ModelRecipe("lenet", Map.of(), "torch", 1).fittedTo(new Manifest.Shape(1, 28, 28), 10).describe());

        ConfigError wrong = assertThrows(ConfigError.class,
                () -> new ModelRecipe("lenet", Map.of("channels", "3")).fittedTo(new Manifest.Shape(1, 28, 28), 10));
        assertTrue(wrong.getMessage().contains("lowbit.train.model.options sets channels=3"), wrong.getMessage());
    }
}
