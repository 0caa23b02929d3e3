package lowbit.method;

import lowbit.config.ConfigError;
import lowbit.model.graph.ParamKind;
import lowbit.model.graph.ParamView;
import lowbit.tensor.ChannelLayout;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The weight views a sparsity method (RVSM, RGSM, ADMM) acts on and, in a group mode, their groups.
 * Elementwise modes default to every weight layer. Group modes default to every conv layer with more than one
 * group: the RGSM authors group 4-D conv weights only, and a layer's only group is the whole layer (LeNet's
 * conv1 has one input channel). Named layers replace the default; in a group mode they must be conv layers.
 *
 * @param section the config section, e.g. {@code lowbit.train.rvsm}, for error messages
 * @param modeKey the key of {@code section} that chose the mode, e.g. {@code threshold}
 * @param groups  null for an elementwise mode
 */
public record WeightLayers(String section, String modeKey, List<String> layers, Groups groups) implements Serializable {
    /** Input-channel slices W[:, i, :, :] (the RGSM authors' groups) or output filters of a conv weight. */
    public enum Groups { INPUT, OUTPUT }

    public WeightLayers {
        layers = List.copyOf(layers);
    }

    public boolean grouped() {
        return groups != null;
    }

    /** The views to act on, in model order; throws a {@link ConfigError} naming the key when the setting does not fit. */
    public List<ParamView> select(List<ParamView> views) {
        Set<String> known = new TreeSet<>();
        List<ParamView> out = new ArrayList<>();
        for (ParamView v : views) {
            if (!v.kind().isWeight()) {
                continue;
            }
            String layer = Regularizer.layerOf(v);
            known.add(layer);
            if (layers.isEmpty() ? !grouped() || (isConv(v) && groupsOf(v).channels() > 1) : layers.contains(layer)) {
                if (grouped() && !isConv(v)) {
                    throw new ConfigError(section + ".layers names " + layer + ", a " + v.kind() + " layer, but the group"
                            + " mode chosen by " + section + "." + modeKey + " groups conv weights [out, in, kh, kw] only");
                }
                out.add(v);
            }
        }
        Set<String> unknown = new TreeSet<>(layers);
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new ConfigError(section + ".layers names unknown layers " + unknown + "; weight layers: " + known);
        }
        if (out.isEmpty()) {
            throw new ConfigError(section + "." + modeKey + ": the model has no " + (grouped()
                    ? "conv layer with more than one channel group" : "weight layer") + " to act on; weight layers: " + known);
        }
        return out;
    }

    /** The groups of a selected view in a group mode. */
    public ChannelLayout groupsOf(ParamView v) {
        return ChannelLayout.alongAxis(v.shape(), groupAxis(v));
    }

    /** The axis whose slices form the groups of a conv weight view. */
    public int groupAxis(ParamView v) {
        return groups == Groups.OUTPUT ? v.outAxis() : 1 - v.outAxis();
    }

    private static boolean isConv(ParamView v) {
        return v.kind() == ParamKind.CONV_WEIGHT && v.shape().length == 4;
    }
}
