package lowbit.engine;

import lowbit.tensor.Tensor;

import lowbit.engine.dl4j.Dl4jNetworks;

import lowbit.model.graph.ParamKind;
import lowbit.model.graph.ParamView;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.engine.torch.TorchEngine;
import lowbit.model.ModelZoo;

/**
 * A zoo model at one point (parameters, batch-norm state, a batch) with the gradients of its cross-entropy there,
 * computed in double precision: the reference both float engines are held to, on any CPU kernels.
 *
 * @param reference the double-precision gradients, rounded to float
 */
record GradientCase(String name, Map<String, String> options, float[] parameters, float[] state, Tensor x, int[] labels,
                    Gradients reference) {

    /**
     * The training-mode gradient of the mean loss with respect to the parameters, and the inference-mode gradient of the
     * summed loss with respect to the input (running statistics, as attacks use it).
     */
    record Gradients(float[] parameters, float[] input) {
    }

    /**
     * Every zoo model (and option that changes the graph) on a batch small enough to have few pre-activations (each a
     * chance of one within float rounding of a ReLU kink, see {@link Spec#reference()}).
     */
    static List<Spec> specs() {
        return List.of(
                new Spec("lenet", "", 8, 1, 28),
                new Spec("resnet20", "", 8, 3, 16),
                new Spec("preact-resnet20", "", 4, 3, 8),
                new Spec("preact-resnet20", "shortcut=projection", 4, 3, 8),
                new Spec("enresnet20", "noise=0", 4, 3, 8),
                new Spec("enresnet20", "noise=0,members=3,shortcut=projection", 2, 3, 8),
                new Spec("mobilenetv1", "classes=10", 8, 1, 32),
                new Spec("mobilenetv1", "block=quant-friendly,alpha=0.5", 8, 1, 32),
                new Spec("mobilenetv1", "channels=3,bias=true,padding=same,relu6=false,bn-eps=0.001", 8, 3, 32));
    }

    /** A zoo model (options as in {@link ModelZoo}, comma-separated) on a seeded batch of {@code batch} images. */
    record Spec(String name, String optionText, int batch, int channels, int size) {

        Map<String, String> options() {
            Map<String, String> o = new LinkedHashMap<>();
            o.put("seed", "5");
            for (String kv : optionText.split(",")) {
                if (!kv.isBlank()) o.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            if (!o.containsKey("size")) o.put("size", Integer.toString(size));
            return o;
        }

        String label() {
            return name + (optionText.isEmpty() ? "" : "(" + optionText + ")");
        }

        /**
         * The DL4J zoo's initial parameters with non-trivial batch-norm state, and the first seeded batch (images in [0, 1),
         * uniform labels) without a ReLU kink within reach of float rounding ({@link #kinkDeparture}). Batches with one are
         * common: there every float implementation, PyTorch 1.13's included, may land on the other side of the kink and
         * be percents away from the double-precision gradient, whichever kernels it runs.
         */
        GradientCase reference() {
            Map<String, String> o = options();
            TrainableModel model = Dl4jNetworks.build(ModelZoo.graph(name, o), null, true);
            float[] parameters = model.parameters();
            StringBuilder tried = new StringBuilder();
            for (int seed = 0; seed < 10; seed++) {
                Random r = new Random(seed);
                float[] state = model.batchNormState();
                for (ParamView v : model.batchNormStateViews()) {
                    for (int i = v.offset(); i < v.offset() + v.length(); i++) {
                        state[i] = v.kind() == ParamKind.BN_VAR ? 0.5f + r.nextFloat() : 0.2f * (float) r.nextGaussian();
                    }
                }
                float[] data = new float[batch * channels * size * size];
                for (int i = 0; i < data.length; i++) data[i] = r.nextFloat();
                Tensor x = Tensor.of(data, batch, channels, size, size);
                int classes = model.forward(x).dim(1);
                int[] labels = new int[batch];
                for (int i = 0; i < batch; i++) labels[i] = r.nextInt(classes);
                GradientCase c = new GradientCase(name, o, parameters, state, x, labels, gradients(model, parameters, state, x, labels));
                double departure = c.kinkDeparture(model);
                if (departure < STABLE) {
                    System.out.printf("gradient case %s: batch seed %d, departure from linearity %.2g%s%n", label(), seed, departure, tried);
                    return c;
                }
                tried.append(String.format(" %d:%.2g", seed, departure));
            }
            throw new IllegalStateException(label() + ": a kink within reach at every batch seed (seed:departure)" + tried);
        }
    }

    /**
     * Relative size of the parameter moves of the kink test, three times float32's rounding of each layer's output: a
     * relative move of a layer's weights moves its output by as much, and the layers after amplify both alike.
     */
    static final double STEP = 3e-7;
    /** Largest departure from linearity of a point without kinks within reach: a tenth of the engines' tolerance. */
    static final double STABLE = 1e-4;

    /**
     * How far the gradients are from linear along a few random parameter directions u: with g(t) the gradients at
     * p + t STEP u (each parameter moved relative to itself), the {@link #error} of g(2) - 2 g(1) + g(0) against zero.
     * Where the gradients are smooth this is second order, far below {@link #STABLE}, however steep the network
     * (MobileNet at initialization moves its gradient 400 times as much as its parameters); a pre-activation crossing a
     * ReLU kink within reach of 2 STEP makes them jump by 1e-3 to 5e-2.
     */
    double kinkDeparture(TrainableModel reference) {
        double worst = 0;
        for (int draw = 0; draw < 4; draw++) {
            Random r = new Random(100 + draw);
            float[] once = parameters.clone();
            float[] twice = parameters.clone();
            for (int i = 0; i < parameters.length; i++) {
                double u = r.nextGaussian();
                once[i] = (float) (parameters[i] * (1 + STEP * u));
                twice[i] = (float) (parameters[i] * (1 + 2 * STEP * u));
            }
            Gradients g1 = gradients(reference, once, state, x, labels);
            Gradients g2 = gradients(reference, twice, state, x, labels);
            Gradients second = new Gradients(secondDifference(g2.parameters(), g1.parameters(), this.reference.parameters()),
                    secondDifference(g2.input(), g1.input(), this.reference.input()));
            worst = Math.max(worst, error(second, true));
        }
        return worst;
    }

    private static float[] secondDifference(float[] g2, float[] g1, float[] g0) {
        float[] d = new float[g0.length];
        for (int i = 0; i < d.length; i++) d[i] = (float) ((double) g2[i] - 2.0 * g1[i] + g0[i]);
        return d;
    }

    /** Both gradients at the given point; the state is restored before each pass (a training pass moves it). */
    static Gradients gradients(TrainableModel model, float[] parameters, float[] state, Tensor x, int[] labels) {
        model.setParameters(parameters);
        model.setBatchNormState(state);
        model.forwardBackward(x, labels);
        float[] g = model.gradients();
        model.setBatchNormState(state);
        return new Gradients(g, model.inputGradient(x, labels).data());
    }

    /** This case's model on a float engine ({@code dl4j} or {@code torch}, one intra-op thread unless OMP_NUM_THREADS says). */
    TrainableModel floatModel(String engine) {
        return (engine.equals(TorchEngine.NAME) ? new TorchEngine(0) : new Dl4jEngine()).zoo(name, options);
    }

    String label() {
        return name + options;
    }

    /**
     * How far {@code g} is from the reference: the larger of max |parameter gradient - reference| / max(1, max |reference|)
     * and the same for the input gradient relative to its largest reference value. With {@code againstZero}, g itself
     * is measured (a difference of gradients), on the reference's scales.
     */
    double error(Gradients g, boolean againstZero) {
        return Math.max(relative(g.parameters(), againstZero ? null : reference.parameters(), scale(reference.parameters(), 1)),
                relative(g.input(), againstZero ? null : reference.input(), scale(reference.input(), 1e-30)));
    }

    double error(Gradients g) {
        return error(g, false);
    }

    private static double scale(float[] v, double floor) {
        double s = floor;
        for (float f : v) s = Math.max(s, Math.abs(f));
        return s;
    }

    private static double relative(float[] a, float[] b, double scale) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((double) a[i] - (b == null ? 0 : b[i])));
        return worst / scale;
    }

    /** Where {@code g} is furthest from the reference, with both values, for failure messages. */
    String worst(Gradients g, List<ParamView> views) {
        double parameterError = relative(g.parameters(), reference.parameters(), scale(reference.parameters(), 1));
        double inputError = relative(g.input(), reference.input(), scale(reference.input(), 1e-30));
        if (inputError > parameterError) {
            int at = argmax(g.input(), reference.input());
            return "input gradient index " + at + ": " + g.input()[at] + " vs reference " + reference.input()[at];
        }
        int at = argmax(g.parameters(), reference.parameters());
        String view = views.stream().filter(v -> at >= v.offset() && at < v.offset() + v.length())
                .map(ParamView::name).findFirst().orElse("?");
        return "index " + at + " (" + view + "): " + g.parameters()[at] + " vs reference " + reference.parameters()[at];
    }

    private static int argmax(float[] a, float[] b) {
        int at = 0;
        for (int i = 1; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > Math.abs(a[at] - b[at])) at = i;
        }
        return at;
    }

    void write(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeUTF(name);
            out.writeInt(options.size());
            for (Map.Entry<String, String> e : options.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            writeFloats(out, parameters);
            writeFloats(out, state);
            out.writeInt(x.rank());
            for (int d : x.shape()) out.writeInt(d);
            writeFloats(out, x.data());
            out.writeInt(labels.length);
            for (int l : labels) out.writeInt(l);
            writeFloats(out, reference.parameters());
            writeFloats(out, reference.input());
        }
    }

    static GradientCase read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            String name = in.readUTF();
            Map<String, String> options = new LinkedHashMap<>();
            for (int n = in.readInt(); n > 0; n--) options.put(in.readUTF(), in.readUTF());
            float[] parameters = readFloats(in);
            float[] state = readFloats(in);
            int[] shape = new int[in.readInt()];
            for (int d = 0; d < shape.length; d++) shape[d] = in.readInt();
            Tensor x = Tensor.of(readFloats(in), shape);
            int[] labels = new int[in.readInt()];
            for (int i = 0; i < labels.length; i++) labels[i] = in.readInt();
            return new GradientCase(name, options, parameters, state, x, labels, new Gradients(readFloats(in), readFloats(in)));
        }
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) out.writeFloat(v);
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] v = new float[in.readInt()];
        for (int i = 0; i < v.length; i++) v[i] = in.readFloat();
        return v;
    }
}
