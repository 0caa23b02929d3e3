package lowbit.model;

import java.util.List;
import java.util.Map;

import lowbit.engine.TrainableModel;

/**
 * Builds zoo models by name from string options, for configuration files.
 * Options of every model: seed (0), channels, height, width (or size for both), classes, activation (default:
 * the model's ReLU / ReLU6; binary: 1{x > 0} with the straight-through ReLU derivative in every hidden layer).
 * Defaults: lenet 1x28x28, 10 classes; resnet20 / preact-resnet20 / enresnet20 3x32x32, 10 classes;
 * mobilenetv1 the person-detection model, 1x96x96, 2 classes.
 * Model options: mobilenetv1 alpha (0.25), block (original | quant-friendly);
 * preact-resnet20 and enresnet20 shortcut (zero-pad | projection); enresnet20 members (2), noise (0.1).
 */
public final class ModelZoo {

    static {
        lowbit.engine.NumericKernels.apply(); // before the native libraries load
    }

    private static final List<String> NAMES = List.of("lenet", "resnet20", "preact-resnet20", "enresnet20", "mobilenetv1");

    private ModelZoo() {
    }

    public static List<String> names() {
        return NAMES;
    }

    public static TrainableModel build(String name, Map<String, String> options) {
        return build(name, options, false);
    }

    /** As {@link #build(String, Map)}, computing in double precision when asked (reference gradients for checks). */
    public static TrainableModel build(String name, Map<String, String> options, boolean doublePrecision) {
        ModelOptions o = new ModelOptions(options);
        ModelSpec spec = doublePrecision ? spec(name, o).inDoublePrecision() : spec(name, o);
        TrainableModel model = switch (name) {
            case "lenet" -> LeNet.build(spec);
            case "resnet20" -> ResNet20.build(spec);
            case "preact-resnet20" -> PreActResNet20.build(spec, o.getEnum("shortcut", Shortcut.class, Shortcut.ZERO_PAD));
            case "enresnet20" -> EnResNet20.build(spec,
                    o.getInt("members", EnResNet20.DEFAULT_MEMBERS), o.getDouble("noise", EnResNet20.DEFAULT_NOISE),
                    o.getEnum("shortcut", Shortcut.class, Shortcut.ZERO_PAD));
            case "mobilenetv1" -> MobileNetV1.build(spec, o.getDouble("alpha", MobileNetV1.DEFAULT_ALPHA),
                    o.getEnum("block", SeparableBlock.class, SeparableBlock.ORIGINAL));
            default -> throw unknown(name);
        };
        o.requireAllRead(name);
        return model;
    }

    /** The seed, input shape and classes of a zoo model: the options, else the model's defaults. */
    public static ModelSpec spec(String name, ModelOptions o) {
        return switch (name) {
            case "lenet" -> o.spec(1, 28, 28, 10);
            case "resnet20", "preact-resnet20", "enresnet20" -> o.spec(3, 32, 32, 10);
            case "mobilenetv1" -> o.spec(1, 96, 96, 2);
            default -> throw unknown(name);
        };
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown model " + name + "; known: " + NAMES);
    }
}
