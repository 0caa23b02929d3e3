package lowbit.train;

import lowbit.model.graph.ParamView;

import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A per-layer override map ("conv1" -> 4) with a default, that rejects layer names the model lacks. */
public record LayerSettings<T extends Serializable>(T fallback, Map<String, T> perLayer) implements Serializable {
    public LayerSettings {
        perLayer = Map.copyOf(perLayer);
    }

    public T of(ParamView view) {
        return perLayer.getOrDefault(Regularizer.layerOf(view), fallback);
    }

    public void requireKnown(Iterable<ParamView> views, String what) {
        Set<String> layers = new TreeSet<>();
        for (ParamView v : views) {
            if (v.kind().isWeight()) {
                layers.add(Regularizer.layerOf(v));
            }
        }
        Set<String> unknown = perLayer.keySet().stream().filter(l -> !layers.contains(l))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(what + " names unknown layers " + unknown + "; weight layers: " + layers);
        }
    }
}
