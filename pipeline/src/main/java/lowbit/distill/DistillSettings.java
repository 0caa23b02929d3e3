package lowbit.distill;

import java.io.Serializable;
import java.util.List;

import com.typesafe.config.Config;
import lowbit.config.ConfigError;

/**
 * {@code lowbit.train.distill}: knowledge distillation from a teacher model, checked once where the config is read.
 *
 * @param teacher          a model file (model.zip of train, sweep or import, or a Keras .h5), "base" for a sweep cell's base
 *                         cell's model, or empty for no distillation
 * @param temperature      T of the softened predictions, &gt; 0
 * @param alpha            weight of the distillation term; the labels' cross-entropy weighs 1 - alpha
 * @param unlabeled        sharded datasets whose images (every split) join training without labels (with a teacher only)
 * @param unlabeledPerStep unlabeled images added to each global batch
 */
public record DistillSettings(String teacher, double temperature, double alpha, List<String> unlabeled, int unlabeledPerStep)
        implements Serializable {

    public static final String BASE = "base";

    public DistillSettings {
        unlabeled = List.copyOf(unlabeled);
    }

    /** From the {@code lowbit.train} section; errors name the key. */
    public static DistillSettings from(Config train) {
        Config d = train.getConfig("distill");
        DistillSettings s = new DistillSettings(d.getString("teacher"), d.getDouble("temperature"), d.getDouble("alpha"),
                d.getStringList("unlabeled"), d.getInt("unlabeled-per-step"));
        if (!(s.temperature > 0)) throw new ConfigError("lowbit.train.distill.temperature must be positive, not " + s.temperature);
        if (s.alpha < 0 || s.alpha > 1) throw new ConfigError("lowbit.train.distill.alpha must be in [0, 1], not " + s.alpha);
        if (s.unlabeledPerStep < 0) throw new ConfigError("lowbit.train.distill.unlabeled-per-step must be >= 0, not " + s.unlabeledPerStep);
        // without a teacher the unlabeled settings are unused, so a sweep can set them once for cells with and without one
        if (s.unlabeledPerStep > 0 && s.unlabeled.isEmpty()) {
            throw new ConfigError("lowbit.train.distill.unlabeled-per-step = " + s.unlabeledPerStep + " needs lowbit.train.distill.unlabeled datasets");
        }
        if (!s.unlabeled.isEmpty() && s.unlabeledPerStep == 0) {
            throw new ConfigError("lowbit.train.distill.unlabeled is set: say how many of its images join each step (unlabeled-per-step)");
        }
        return s;
    }

    public boolean enabled() {
        return !teacher.isEmpty();
    }
}
