package lowbit.engine.torch;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import lowbit.engine.torch.TorchLayers.Add;
import lowbit.engine.torch.TorchLayers.ConcatChannels;
import lowbit.engine.torch.TorchLayers.FirstChannels;
import lowbit.engine.torch.TorchLayers.Average;
import lowbit.engine.torch.TorchLayers.BatchNorm;
import lowbit.engine.torch.TorchLayers.Conv;
import lowbit.engine.torch.TorchLayers.Dense;
import lowbit.engine.torch.TorchLayers.Depthwise;
import lowbit.engine.torch.TorchLayers.GlobalAveragePool;
import lowbit.engine.torch.TorchLayers.Identity;
import lowbit.engine.torch.TorchLayers.MaxPool;
import lowbit.engine.torch.TorchLayers.Relu;
import lowbit.engine.torch.TorchLayers.RelativeGaussianNoise;
import lowbit.engine.torch.TorchLayers.Relu6;
import lowbit.engine.torch.TorchLayers.Subsample;
import lowbit.engine.torch.TorchLayers.Zeros;
import lowbit.model.EnResNet20;
import lowbit.model.HiddenActivation;
import lowbit.model.MobileNetV1;
import lowbit.model.ModelOptions;
import lowbit.model.ModelSpec;
import lowbit.model.ModelZoo;
import lowbit.model.ResNetStages;
import lowbit.model.SeparableBlock;
import lowbit.model.Shortcut;

/**
 * The zoo models on libtorch, node for node and view for view the DL4J graphs of {@link lowbit.model} (same names,
 * shapes, kinds and buffer order), so that parameters move between the engines as they are. Options as
 * {@link ModelZoo}. The architecture text is the model name followed by its options as sorted key=value words.
 */
public final class TorchZoo {

    static {
        lowbit.engine.NumericKernels.apply(); // before the native libraries load
    }

    public static final List<String> NAMES = List.of("lenet", "resnet20", "preact-resnet20", "enresnet20", "mobilenetv1");

    private TorchZoo() {
    }

    public static TorchModel build(String name, Map<String, String> options, int threads) {
        ModelOptions o = new ModelOptions(options);
        ModelSpec spec = ModelZoo.spec(name, o);
        if (spec.activation() != HiddenActivation.DEFAULT) {
            throw new IllegalArgumentException("the torch engine has no activation=" + spec.activation().name().toLowerCase()
                    + " yet (the DL4J engine has)");
        }
        TorchNet net = switch (name) {
            case "lenet" -> lenet(spec);
            case "resnet20" -> resnet20(spec);
            case "preact-resnet20" -> preActResNet20(spec, o.getEnum("shortcut", Shortcut.class, Shortcut.ZERO_PAD));
            case "enresnet20" -> enResNet20(spec, o.getInt("members", EnResNet20.DEFAULT_MEMBERS),
                    o.getDouble("noise", EnResNet20.DEFAULT_NOISE), o.getEnum("shortcut", Shortcut.class, Shortcut.ZERO_PAD));
            case "mobilenetv1" -> mobilenetV1(spec, o.getDouble("alpha", MobileNetV1.DEFAULT_ALPHA),
                    o.getEnum("block", SeparableBlock.class, SeparableBlock.ORIGINAL));
            default -> throw new IllegalArgumentException("the torch engine has no model " + name + " yet; it has " + NAMES);
        };
        o.requireAllRead(name);
        return new TorchModel(net, architecture(name, options), spec.seed(), threads);
    }

    /** A model of an {@link TorchModel#architecture()} text. */
    public static TorchModel fromArchitecture(String architecture, int threads) {
        String[] words = architecture.trim().split("\\s+");
        Map<String, String> options = new TreeMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("not a torch zoo architecture: '" + architecture + "'");
            options.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        return build(words[0], options, threads);
    }

    static String architecture(String name, Map<String, String> options) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            if ((e.getKey() + e.getValue()).chars().anyMatch(c -> Character.isWhitespace(c) || c == '=')) {
                throw new IllegalArgumentException("model option " + e.getKey() + "=" + e.getValue() + " has a space or '='");
            }
        }
        return new TreeMap<>(options).entrySet().stream().map(e -> " " + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("", name, ""));
    }

    /** As {@link lowbit.model.LeNet}. */
    static TorchNet lenet(ModelSpec spec) {
        TorchNet.Builder g = new TorchNet.Builder();
        g.add("conv1", new Conv(spec.channels(), 20, 5, 1, 0, true));
        g.add("pool1", new MaxPool(2));
        g.add("conv2", new Conv(20, 50, 5, 1, 0, true));
        g.add("pool2", new MaxPool(2));
        int h = ((spec.height() - 4) / 2 - 4) / 2;
        int w = ((spec.width() - 4) / 2 - 4) / 2;
        g.add("fc1", new Dense(50 * h * w, 500, false));
        g.add("fc2", new Dense(500, spec.classes(), true));
        return g.build();
    }

    /** As {@link lowbit.model.ResNet20}: option-A (zero-padding) shortcuts. */
    static TorchNet resnet20(ModelSpec spec) {
        TorchNet.Builder g = new TorchNet.Builder();
        g.add("conv", new Conv(spec.channels(), 16, 3, 1, 1, false));
        g.add("bn", new BatchNorm(16));
        String stem = g.add("relu", new Relu());
        String body = ResNetStages.stack("", stem, (p, x, in, out, stride) -> basicBlock(g, p, x, in, out, stride));
        g.add("pool", new GlobalAveragePool(), body);
        g.add("fc", new Dense(ResNetStages.outputWidth(), spec.classes(), true));
        return g.build();
    }

    private static String basicBlock(TorchNet.Builder g, String p, String x, int in, int out, int stride) {
        g.add(p + "conv1", new Conv(in, out, 3, stride, 1, false), x);
        g.add(p + "bn1", new BatchNorm(out));
        g.add(p + "relu1", new Relu());
        g.add(p + "conv2", new Conv(out, out, 3, 1, 1, false));
        String residual = g.add(p + "bn2", new BatchNorm(out));
        String shortcut = stride == 1 && in == out ? x : shortcut(g, p, x, in, out, stride, Shortcut.ZERO_PAD);
        g.add(p + "add", new Add(), residual, shortcut);
        return g.add(p + "relu2", new Relu());
    }

    /** As {@link lowbit.model.PreActResNet20}. */
    static TorchNet preActResNet20(ModelSpec spec, Shortcut shortcut) {
        TorchNet.Builder g = new TorchNet.Builder();
        String features = preActFeatures(g, spec, "", shortcut, 0);
        g.add("fc", new Dense(ResNetStages.outputWidth(), spec.classes(), true), features);
        return g.build();
    }

    /** As {@link EnResNet20}: members pre-activation ResNet-20s "m{k}." with noise, their logits averaged. */
    static TorchNet enResNet20(ModelSpec spec, int members, double noiseScale, Shortcut shortcut) {
        if (members < 1) throw new IllegalArgumentException("members " + members);
        TorchNet.Builder g = new TorchNet.Builder();
        String[] logits = new String[members];
        for (int k = 0; k < members; k++) {
            String features = preActFeatures(g, spec, "m" + k + ".", shortcut, noiseScale);
            logits[k] = g.add("m" + k + ".fc", new Dense(ResNetStages.outputWidth(), spec.classes(), true), features);
        }
        String mean = members == 1 ? logits[0] : g.add("average", new Average(), logits);
        g.add("softmax", new Identity(), mean); // the net's output is logits; the model applies the softmax
        return g.build();
    }

    private static String preActFeatures(TorchNet.Builder g, ModelSpec spec, String prefix, Shortcut shortcut, double noiseScale) {
        String stem = g.add(prefix + "conv", new Conv(spec.channels(), 16, 3, 1, 1, false), TorchNet.INPUT);
        String body = ResNetStages.stack(prefix, stem,
                (p, x, in, out, stride) -> preActBlock(g, spec, p, x, in, out, stride, shortcut, noiseScale));
        g.add(prefix + "bn", new BatchNorm(ResNetStages.outputWidth()), body);
        g.add(prefix + "relu", new Relu());
        return g.add(prefix + "pool", new GlobalAveragePool());
    }

    private static String preActBlock(TorchNet.Builder g, ModelSpec spec, String p, String x, int in, int out, int stride,
                                      Shortcut shortcut, double noiseScale) {
        g.add(p + "bn1", new BatchNorm(in), x);
        String activated = g.add(p + "relu1", new Relu());
        g.add(p + "conv1", new Conv(in, out, 3, stride, 1, false));
        g.add(p + "bn2", new BatchNorm(out));
        g.add(p + "relu2", new Relu());
        String residual = g.add(p + "conv2", new Conv(out, out, 3, 1, 1, false));
        String sc = stride == 1 && in == out ? x : shortcut(g, p, activated, in, out, stride, shortcut);
        String sum = g.add(p + "add", new Add(), residual, sc);
        if (noiseScale <= 0) return sum;
        return g.add(p + "noise", new RelativeGaussianNoise(noiseScale, EnResNet20.noiseSeed(spec.seed(), p)), sum);
    }

    /**
     * As {@code lowbit.model.ResidualShortcuts}, vertex for vertex (DL4J's parameter order depends on the vertices): a
     * 1x1 projection, or subsampling plus zero channels (option A).
     */
    private static String shortcut(TorchNet.Builder g, String p, String x, int in, int out, int stride, Shortcut kind) {
        if (kind == Shortcut.PROJECTION) return g.add(p + "shortcut", new Conv(in, out, 1, stride, 0, false), x);
        String shortcut = stride == 1 ? x : g.add(p + "subsample", new Subsample(stride), x);
        int pad = out - in;
        if (pad < 0 || pad / 2 > in || pad - pad / 2 > in) {
            throw new IllegalArgumentException("zero padding supports up to doubling the channels: " + in + " -> " + out);
        }
        if (pad == 0) return shortcut;
        // F.pad(x, (0,0,0,0, pad//2, pad - pad//2)) as DL4J's vertices compute it: zero channels cut from 0 * x
        String zeros = g.add(p + "zeros", new Zeros(), shortcut);
        String front = g.add(p + "zeros_front", new FirstChannels(pad / 2), zeros);
        String back = g.add(p + "zeros_back", new FirstChannels(pad - pad / 2), zeros);
        return g.add(p + "shortcut", new ConcatChannels(), front, shortcut, back);
    }

    /** As {@link MobileNetV1}. */
    static TorchNet mobilenetV1(ModelSpec spec, double alpha, SeparableBlock block) {
        boolean original = block == SeparableBlock.ORIGINAL;
        TorchNet.Builder g = new TorchNet.Builder();
        int c = MobileNetV1.stemWidth(alpha);
        g.add("conv", new Conv(spec.channels(), c, 3, 2, 1, false));
        g.add("bn", new BatchNorm(c));
        g.add("act", activation(block));
        for (int i = 0; i < MobileNetV1.blocks(); i++) {
            String p = "b" + (i + 1) + ".";
            g.add(p + "dw", new Depthwise(c, 3, MobileNetV1.blockStride(i), 1));
            if (original) {
                g.add(p + "dw_bn", new BatchNorm(c));
                g.add(p + "dw_act", activation(block));
            }
            int next = MobileNetV1.blockWidth(i, alpha);
            g.add(p + "pw", new Conv(c, next, 1, 1, 0, false));
            g.add(p + "pw_bn", new BatchNorm(next));
            g.add(p + "pw_act", activation(block));
            c = next;
        }
        g.add("pool", new GlobalAveragePool());
        g.add("fc", new Dense(c, spec.classes(), true));
        return g.build();
    }

    private static TorchOp activation(SeparableBlock block) {
        return block == SeparableBlock.ORIGINAL ? new Relu6() : new Relu();
    }
}
