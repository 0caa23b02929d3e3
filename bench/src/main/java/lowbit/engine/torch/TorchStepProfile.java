package lowbit.engine.torch;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import lowbit.tensor.Tensor;
import lowbit.train.Sgd;
import org.bytedeco.javacpp.PointerScope;

/**
 * Where one training step of a benchmark model (random data; sized as ../shared/bench/pytorch/models.py's SPECS) goes on
 * the torch engine: forward with loss, backward, gradient copy-out, lowbit's momentum SGD in Java, parameter copy-in;
 * per phase the mean milliseconds of process CPU and of wall time per step, and the step's images per CPU-second and
 * per second (median over the windows). bench/torch-step-profile/run puts it next to PyTorch.
 * Usage: {@code TorchStepProfile <model> <threads> <windows> <CPU seconds per window>}, model one of {@link #MODELS}.
 * In the bench module, but in this package: it times {@link TorchModel}'s package-private {@code trainingLoss} and
 * builds models with the pipeline's test-only {@code Zoo}.
 */
public final class TorchStepProfile {

    /** Zoo name (default options), batch, channels, height = width, classes of each benchmark model. */
    static final Map<String, Object[]> MODELS = Map.of(
            "mobilenetv1_0.25_96", new Object[] {"mobilenetv1", 32, 1, 96, 2},
            "resnet20", new Object[] {"resnet20", 128, 3, 32, 10},
            "lenet", new Object[] {"lenet", 64, 1, 28, 10});
    private static final String[] PHASES = {"forward+loss", "backward", "grad_copy_out", "sgd", "param_copy_in"};

    private TorchStepProfile() {
    }

    public static void main(String[] args) {
        Object[] spec = MODELS.get(args[0]);
        if (spec == null) throw new IllegalArgumentException("model " + args[0] + " is not one of " + MODELS.keySet());
        int threads = Integer.parseInt(args[1]);
        int windows = Integer.parseInt(args[2]);
        double seconds = Double.parseDouble(args[3]);
        int batch = (int) spec[1];
        int channels = (int) spec[2];
        int size = (int) spec[3];
        int classes = (int) spec[4];
        TorchModel model = Zoo.torch((String) spec[0], Map.of(), threads);
        Random rng = new Random(1);
        float[] x = new float[batch * channels * size * size];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) y[i] = rng.nextInt(classes);
        Tensor features = Tensor.of(x, batch, channels, size, size);
        Tensor labels = Tensor.oneHot(y, batch, classes);
        Sgd sgd = new Sgd(model.parameterCount(), 0.9, false, 0);
        float[] params = model.parameters();

        Map<String, long[]> phases = new LinkedHashMap<>(); // name -> {cpu ns, wall ns}
        for (String p : PHASES) phases.put(p, new long[2]);
        Clock clock = new Clock();
        Runnable step = () -> {
            clock.start();
            try (PointerScope scope = new PointerScope()) {
                org.bytedeco.pytorch.Tensor loss = model.trainingLoss(features, labels);
                clock.lap(phases.get("forward+loss"));
                loss.backward();
                loss.item_double();
                clock.lap(phases.get("backward"));
            }
            float[] g = model.gradients();
            clock.lap(phases.get("grad_copy_out"));
            sgd.step(params, g, 0.01);
            clock.lap(phases.get("sgd"));
            model.setParameters(params);
            clock.lap(phases.get("param_copy_in"));
        };
        long warmEnd = Clock.cpu() + (long) (seconds / 2 * 1e9);
        for (int i = 0; i < 3 || Clock.cpu() < warmEnd; i++) step.run();
        phases.values().forEach(a -> java.util.Arrays.fill(a, 0));
        List<double[]> rates = new ArrayList<>(); // {images per CPU-second, images per second}
        long steps = 0;
        for (int w = 0; w < windows; w++) {
            long cpu0 = Clock.cpu();
            long wall0 = System.nanoTime();
            int n = 0;
            do {
                step.run();
                n++;
            } while (Clock.cpu() - cpu0 < seconds * 1e9);
            rates.add(new double[] {n * batch / ((Clock.cpu() - cpu0) / 1e9), n * batch / ((System.nanoTime() - wall0) / 1e9)});
            steps += n;
        }
        rates.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] median = rates.get(rates.size() / 2);
        System.out.printf(Locale.ROOT, "STEP engine=torch model=%s threads=%d images_per_cpu_s=%.1f images_per_s=%.1f windows=%s%n",
                args[0], threads, median[0], median[1], rates.stream().map(r -> String.format(Locale.ROOT, "%.1f", r[0])).toList());
        for (Map.Entry<String, long[]> e : phases.entrySet()) {
            System.out.printf(Locale.ROOT, "PHASE engine=torch model=%s threads=%d phase=%s cpu_ms=%.2f wall_ms=%.2f%n", args[0], threads, e.getKey(),
                    e.getValue()[0] / 1e6 / steps, e.getValue()[1] / 1e6 / steps);
        }
    }

    /** Process CPU time and wall time since the last lap. */
    private static final class Clock {
        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private long cpu;
        private long wall;

        static long cpu() {
            return OS.getProcessCpuTime();
        }

        void start() {
            cpu = cpu();
            wall = System.nanoTime();
        }

        void lap(long[] into) {
            long c = cpu();
            long w = System.nanoTime();
            into[0] += c - cpu;
            into[1] += w - wall;
            cpu = c;
            wall = w;
        }
    }
}
