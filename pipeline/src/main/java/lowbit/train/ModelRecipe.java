package lowbit.train;

import lowbit.engine.TrainableModel;
import lowbit.model.ModelZoo;

import java.io.Serializable;
import java.util.Map;

/** How to build the model anywhere (driver or executor): a zoo name and its string options. */
public record ModelRecipe(String name, Map<String, String> options) implements Serializable {
    public ModelRecipe {
        options = Map.copyOf(options);
    }

    public TrainableModel build() {
        return ModelZoo.build(name, options);
    }
}
