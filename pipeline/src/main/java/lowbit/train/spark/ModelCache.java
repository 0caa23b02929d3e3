package lowbit.train.spark;

import lowbit.engine.TrainableModel;
import lowbit.train.ModelRecipe;

import java.util.HashMap;
import java.util.Map;

/** One model per executor thread and recipe, built once from the recipe (never shipped with the data). */
final class ModelCache {
    private static final ThreadLocal<Map<ModelRecipe, TrainableModel>> MODELS = ThreadLocal.withInitial(HashMap::new);

    private ModelCache() {
    }

    static TrainableModel get(ModelRecipe recipe) {
        return MODELS.get().computeIfAbsent(recipe, ModelRecipe::build);
    }
}
