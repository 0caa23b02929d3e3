package lowbit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import lowbit.engine.dl4j.Dl4jModel;
import lowbit.engine.dl4j.LayerImpl;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Training and inference images/s of the zoo's benchmark models on random data: warm-up, then the median of
 * three timed windows. On DL4J ({@code -Dlowbit.bench.engine=dl4j}, the default) a training step is {@code graph.fit}
 * with momentum SGD and inference is {@code output}; layers by {@code -Dlowbit.layers}. On the torch engine
 * ({@code torch}) a step is what our trainer does: forward-backward, the gradient copied out, lowbit's momentum SGD
 * in Java, the parameters copied in; inference is {@code forward}; intra-op threads from OMP_NUM_THREADS, else
 * every core ({@link TorchBenchSteps}). Usage: {@code Throughput <window seconds> <warm-up seconds> model...}.
 * Prints one {@code BENCH} line per model for bench/run to parse.
 */
public final class Throughput {

    private Throughput() {
    }

    public static void main(String[] args) {
        lowbit.engine.NumericKernels.apply();
        double window = Double.parseDouble(args[0]);
        double warmUp = Double.parseDouble(args[1]);
        boolean torch = "torch".equals(System.getProperty("lowbit.bench.engine", "dl4j"));
        for (int i = 2; i < args.length; i++) {
            BenchModel model = BenchModel.byId(args[i]);
            if (torch) {
                torch(model, window, warmUp);
                continue;
            }
            Dl4jModel built = model.build();
            ComputationGraph graph = built.graph();
            MomentumSgd.install(graph);
            DataSet batch = model.randomBatch(graph);
            List<Double> trainLoad = new ArrayList<>();
            List<Double> inferLoad = new ArrayList<>();
            List<Double> train = measure(() -> graph.fit(batch), model.batch, window, warmUp, trainLoad);
            List<Double> infer = measure(() -> graph.output(false, batch.getFeatures()), model.batch, window, warmUp, inferLoad);
            System.out.printf(Locale.ROOT, "BENCH %s layers=%s params=%d train=%.1f infer=%.1f train_windows=%s infer_windows=%s"
                            + " other_load_train=%s other_load_infer=%s%n",
                    model.id, LayerImpl.current().name().toLowerCase(Locale.ROOT), built.parameterCount(),
                    median(train), median(infer), csv(train), csv(infer), csv(trainLoad), csv(inferLoad));
        }
        System.out.println(machineLine(torch));
    }

    /** What our side ran on: the CPU, the numeric kernels, and on the torch engine libtorch's and oneDNN's versions. */
    static String machineLine(boolean torch) {
        return "MACHINE cpu=" + lowbit.engine.CpuInfo.here().describe() + "; kernels=" + lowbit.engine.NumericKernels.describe()
                + (torch ? "; " + torchVersions() : "");
    }

    /** The libtorch presets' version and the oneDNN (MKL-DNN) version libtorch reports. */
    private static String torchVersions() {
        return "libtorch " + lowbit.BuildInfo.versions(null).get("libtorch") + ", oneDNN "
                + org.bytedeco.pytorch.global.torch.get_mkldnn_version().getString().replaceAll("\\s+", " ").trim();
    }

    private static void torch(BenchModel model, double window, double warmUp) {
        TorchBenchSteps steps = TorchBenchSteps.of(model);
        List<Double> trainLoad = new ArrayList<>();
        List<Double> inferLoad = new ArrayList<>();
        List<Double> train = measure(steps.train(), model.batch, window, warmUp, trainLoad);
        List<Double> infer = measure(steps.infer(), model.batch, window, warmUp, inferLoad);
        System.out.printf(Locale.ROOT, "BENCH %s layers=torch params=%d train=%.1f infer=%.1f train_windows=%s infer_windows=%s"
                        + " other_load_train=%s other_load_infer=%s%n",
                model.id, steps.model().parameterCount(), median(train), median(infer), csv(train), csv(infer), csv(trainLoad), csv(inferLoad));
    }

    /**
     * Images/s of three windows of at least {@code window} seconds (and one step) each, after warming up;
     * adds to {@code otherLoad} the share of the machine other processes used in each window.
     */
    static List<Double> measure(Runnable step, int batch, double window, double warmUp, List<Double> otherLoad) {
        long end = System.nanoTime() + (long) (warmUp * 1e9);
        do {
            step.run();
        } while (System.nanoTime() < end);
        List<Double> rates = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            OtherCpuLoad load = new OtherCpuLoad();
            rates.add(Math.round(rate(step, batch, window) * 10) / 10.0);
            otherLoad.add(Math.round(load.fraction() * 100) / 100.0);
        }
        return rates;
    }

    /** Images/s of {@code step} (a batch each) run for at least {@code seconds} and at least once. */
    static double rate(Runnable step, int batch, double seconds) {
        long start = System.nanoTime();
        long steps = 0;
        do {
            step.run();
            steps++;
        } while (System.nanoTime() - start < seconds * 1e9);
        return steps * batch / ((System.nanoTime() - start) / 1e9);
    }

    private static String csv(List<Double> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }

    static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }
}
