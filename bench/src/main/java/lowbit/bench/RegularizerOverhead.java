package lowbit.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import lowbit.config.LowbitConfig;
import lowbit.model.graph.ParamView;
import lowbit.tensor.Tensor;
import lowbit.engine.dl4j.Dl4jModel;
import lowbit.train.Optimizer;
import lowbit.method.Regularizer;
import lowbit.train.TrainSpec;

/**
 * What QGT and RVSM (their default settings, lowbit-defaults.conf) add to a training step of the local trainer:
 * parameters in, forward-backward on the DL4J engine, gradient out, the regularizers' {@code addGradient}, SGD with
 * momentum. Windows of {@code steps} steps rotate none / qgt / rvsm; per method the median window's ms per step, the
 * regularizer's own ms per step (timed inside the same steps) and others' CPU share.
 * Usage: {@code RegularizerOverhead model [windows] [steps]}; prints one {@code REGULARIZER} line per method.
 */
public final class RegularizerOverhead {

    private static final String[] METHODS = {"none", "qgt", "rvsm"};

    private RegularizerOverhead() {
    }

    public static void main(String[] args) {
        BenchModel bench = BenchModel.byId(args[0]);
        int windows = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Dl4jModel model = bench.build();
        List<ParamView> views = model.parameterViews();
        Tensor x = bench.randomFeatures();
        int[] labels = bench.randomLabels();
        List<List<Regularizer>> regularizers = new ArrayList<>();
        for (String method : METHODS) {
            List<Regularizer> rs = spec(method).regularizers();
            rs.forEach(r -> r.bind(views));
            regularizers.add(rs);
        }
        Optimizer sgd = spec("none").optimizer(model.parameterCount());
        float[] params = model.parameters();
        double[][] stepMs = new double[METHODS.length][windows];
        double[][] regularizerMs = new double[METHODS.length][windows];
        double[][] load = new double[METHODS.length][windows];
        for (int m = 0; m < METHODS.length; m++) window(model, x, labels, params, views, regularizers.get(m), sgd, 2); // warm-up
        for (int w = 0; w < windows; w++) {
            for (int k = 0; k < METHODS.length; k++) {
                int m = (w + k) % METHODS.length; // rotate which method runs first
                OtherCpuLoad others = new OtherCpuLoad();
                long t0 = System.nanoTime();
                double regNanos = window(model, x, labels, params, views, regularizers.get(m), sgd, steps);
                stepMs[m][w] = (System.nanoTime() - t0) / 1e6 / steps;
                regularizerMs[m][w] = regNanos / 1e6 / steps;
                load[m][w] = others.fraction();
            }
        }
        double base = median(stepMs[0]);
        for (int m = 0; m < METHODS.length; m++) {
            System.out.printf(Locale.ROOT, "REGULARIZER %s/%s step_ms=%.1f regularizer_ms=%.2f overhead=%.3f regularizer_share=%.3f"
                            + " step_ms_windows=%s others_load=%s%n", bench.id, METHODS[m], median(stepMs[m]), median(regularizerMs[m]),
                    median(stepMs[m]) / base - 1, median(regularizerMs[m]) / median(stepMs[m]), rounded(stepMs[m]), rounded(load[m]));
        }
    }

    /** One trainer step after another; returns the nanoseconds spent in the regularizers. */
    private static double window(Dl4jModel model, Tensor x, int[] labels, float[] params, List<ParamView> views,
                                 List<Regularizer> regularizers, Optimizer sgd, int steps) {
        long inRegularizers = 0;
        for (int s = 0; s < steps; s++) {
            model.setParameters(params);
            model.forwardBackward(x, labels);
            float[] grad = model.gradients();
            long t0 = System.nanoTime();
            for (Regularizer r : regularizers) r.addGradient(params, grad, views, 1.0);
            inRegularizers += System.nanoTime() - t0;
            sgd.step(params, grad, 0.01);
        }
        return inRegularizers;
    }

    /** The training settings with {@code method} (or none) at its defaults, as a run's config would give them. */
    private static TrainSpec spec(String method) {
        List<String> settings = new ArrayList<>(List.of("data=unused"));
        if (!method.equals("none")) settings.add("methods=[" + method + "]");
        return TrainSpec.from(LowbitConfig.load(null, settings, "train"));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String rounded(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double d : v) b.append(b.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.2f", d));
        return b.toString();
    }
}
