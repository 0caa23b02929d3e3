import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * One libtorch thread, images (or milliseconds) per CPU-second of the calling thread: the MobileNetV1-0.25
 * person-detection training step (96x96x1, batch 32, 2 classes) built with the ops of lowbit.engine.torch.TorchLayers
 * (functional conv2d, depthwise as groups on the permuted [kH, kW, C, 1] weight, native_batch_norm in training with
 * the zoo's running-average update, ReLU6, mean over H and W, linear, log-softmax cross-entropy), then a plain SGD
 * update; and fwd+bwd of single ops at MobileNet's largest shapes. Compiles unchanged against the 1.10.2-1.5.7 and
 * the 2.x presets. Prints {@code RESULT <measure> <value>} lines, one per measure: the median of the windows.
 * Usage: PresetsBench [windows] [seconds per window] | PresetsBench load (load libtorch, print its version, exit)
 */
public final class PresetsBench {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final int BATCH = 32;
    private static final double ALPHA = 0.25;
    private static final int[][] BLOCKS = {{64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2},
            {512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1}};
    private static final double EPS = 1e-5;
    private static final double DECAY = 0.9;

    private final List<Tensor> params = new ArrayList<>();
    private final List<Tensor[]> bnState = new ArrayList<>();

    public static void main(String[] args) {
        cacheTorchCpu();
        if (args.length > 0 && args[0].equals("load")) {
            System.out.println("INFO loaded presets=" + presetsVersion() + " threads=" + torch.get_num_threads());
            return;
        }
        int windows = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
        torch.set_num_threads(1);
        torch.manual_seed(7);
        System.out.println("INFO threads=" + torch.get_num_threads() + " presets=" + presetsVersion());
        PresetsBench net = new PresetsBench();
        net.build();
        Tensor x = keep(torch.randn(BATCH, 1, 96, 96));
        Tensor r = torch.randn(BATCH, 2);
        Tensor oneHot = keep(r.gt(r.flip(1)).toType(torch.ScalarType.Float));
        double stepSeconds = median(measure(windows, seconds, () -> net.step(x, oneHot)));
        result("mobilenet_step_images_per_cpu_s", BATCH / stepSeconds);
        result("mobilenet_step_ms", 1000 * stepSeconds);

        for (int c : new int[] {8, 16}) {
            Tensor in = keep(torch.randn(BATCH, c, 48, 48));
            Tensor w = keep(torch.ones(c));
            Tensor b = keep(torch.zeros(c));
            opResult("bn_" + c + "x48x48", windows, seconds, in, ys -> {
                var t = torch.native_batch_norm(ys[0], new TensorOptional(ys[1]), new TensorOptional(ys[2]),
                        new TensorOptional(), new TensorOptional(), true, 0.0, EPS);
                return t.get0();
            }, in, w, b);
            Tensor dw = keep(torch.randn(3, 3, c, 1).mul(new Scalar(0.3)));
            opResult("dwconv3x3_" + c + "x48x48", windows, seconds, in, ys -> torch.conv2d(ys[0],
                    ys[1].permute(2, 3, 0, 1), new TensorOptional(), pair(1), pair(1), pair(1), c), in, dw);
        }
        Tensor in8 = keep(torch.randn(BATCH, 8, 48, 48));
        Tensor pw = keep(torch.randn(16, 8, 1, 1).mul(new Scalar(0.3)));
        opResult("pwconv_8to16x48x48", windows, seconds, in8, ys -> torch.conv2d(ys[0], ys[1], new TensorOptional(),
                pair(1), pair(0), pair(1), 1), in8, pw);
        Tensor in16 = keep(torch.randn(BATCH, 16, 48, 48));
        Tensor dw2 = keep(torch.randn(3, 3, 16, 1).mul(new Scalar(0.3)));
        opResult("dwconv3x3s2_16x48x48", windows, seconds, in16, ys -> torch.conv2d(ys[0], ys[1].permute(2, 3, 0, 1),
                new TensorOptional(), pair(2), pair(1), pair(1), 16), in16, dw2);
        // the same with the weight made contiguous first (the engine passes the permuted view, as above)
        opResult("dwconv3x3s2_16x48x48_contiguous_w", windows, seconds, in16, ys -> torch.conv2d(ys[0],
                ys[1].permute(2, 3, 0, 1).contiguous(), new TensorOptional(), pair(2), pair(1), pair(1), 16), in16, dw2);
    }

    private void build() {
        int c = (int) (32 * ALPHA);
        conv(1, c, 3);
        batchNorm(c);
        for (int[] block : BLOCKS) {
            int next = (int) (block[0] * ALPHA);
            param(new long[] {3, 3, c, 1}, Math.sqrt(2.0 / (c * 9)));
            batchNorm(c);
            conv(c, next, 1);
            batchNorm(next);
            c = next;
        }
        param(new long[] {2, c}, Math.sqrt(2.0 / (c + 2)));
        param(new long[] {2}, 0);
    }

    private void conv(int in, int out, int kernel) {
        param(new long[] {out, in, kernel, kernel}, Math.sqrt(2.0 / (in * kernel * kernel)));
    }

    private void batchNorm(int c) {
        params.add(keep(torch.ones(c).requires_grad_(true)));
        params.add(keep(torch.zeros(c).requires_grad_(true)));
        bnState.add(new Tensor[] {keep(torch.zeros(c)), keep(torch.ones(c))});
    }

    private void param(long[] shape, double std) {
        params.add(keep(torch.randn(shape).mul(new Scalar(std)).requires_grad_(true)));
    }

    /** Forward, backward and a plain SGD update, in one pointer scope as the engine's calls. */
    private void step(Tensor x, Tensor oneHot) {
        try (PointerScope scope = new PointerScope()) {
            int p = 0;
            int s = 0;
            Tensor h = torch.conv2d(x, params.get(p++), new TensorOptional(), pair(2), pair(1), pair(1), 1);
            h = relu6(batchNorm(h, params.get(p++), params.get(p++), bnState.get(s++)));
            int c = (int) (32 * ALPHA);
            for (int[] block : BLOCKS) {
                h = torch.conv2d(h, params.get(p++).permute(2, 3, 0, 1), new TensorOptional(), pair(block[1]), pair(1),
                        pair(1), c);
                h = relu6(batchNorm(h, params.get(p++), params.get(p++), bnState.get(s++)));
                h = torch.conv2d(h, params.get(p++), new TensorOptional(), pair(1), pair(0), pair(1), 1);
                h = relu6(batchNorm(h, params.get(p++), params.get(p++), bnState.get(s++)));
                c = (int) (block[0] * ALPHA);
            }
            Tensor logits = torch.linear(torch.mean(h, 2, 3), params.get(p++), new TensorOptional(params.get(p++)));
            Tensor loss = torch.log_softmax(logits, 1).mul(oneHot).sum().mul(new Scalar(-1.0 / BATCH));
            loss.backward();
            try (NoGradGuard noGrad = new NoGradGuard()) {
                Scalar lr = new Scalar(-0.01);
                for (Tensor w : params) {
                    w.add_(w.grad(), lr);
                    w.grad().zero_();
                }
            }
        }
    }

    private static Tensor batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor[] state) {
        var r = torch.native_batch_norm(x, new TensorOptional(gamma), new TensorOptional(beta), new TensorOptional(),
                new TensorOptional(), true, 0.0, EPS);
        try (NoGradGuard noGrad = new NoGradGuard()) {
            Scalar rate = new Scalar(1 - DECAY);
            Scalar decay = new Scalar(DECAY);
            Tensor invStd = r.get2();
            state[0].mul_(decay).add_(r.get1(), rate);
            state[1].mul_(decay).add_(invStd.mul(invStd).reciprocal().sub(new Scalar(EPS)), rate);
        }
        return r.get0();
    }

    private static Tensor relu6(Tensor x) {
        return torch.hardtanh_(x, new Scalar(0.0), new Scalar(6.0));
    }

    interface Op {
        Tensor apply(Tensor[] inputs);
    }

    /** Forward then backward of {@code op} with an all-ones output gradient; inputs are leaves needing gradients. */
    private static void opResult(String name, int windows, double seconds, Tensor shapeOf, Op op, Tensor... inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) leaves[i] = keep(inputs[i].detach().clone().requires_grad_(true));
        Runnable once = () -> {
            try (PointerScope scope = new PointerScope()) {
                Tensor y = op.apply(leaves);
                torch.backward(new TensorVector(y), new TensorVector(torch.ones_like(y)), new BoolOptional(), false,
                        new TensorVector());
                for (Tensor l : leaves) l.grad().zero_();
            }
        };
        result("op_" + name + "_fwd_bwd_ms", 1000 * median(measure(windows, seconds, once)));
    }

    /** CPU seconds of this thread per call, one value per window, after a warm-up window. */
    private static double[] measure(int windows, double seconds, Runnable call) {
        for (int i = 0; i < 3; i++) call.run();
        long warmEnd = CPU.getCurrentThreadCpuTime() + (long) (seconds * 5e8);
        while (CPU.getCurrentThreadCpuTime() < warmEnd) call.run();
        double[] perCall = new double[windows];
        for (int w = 0; w < windows; w++) {
            long start = CPU.getCurrentThreadCpuTime();
            long end = start + (long) (seconds * 1e9);
            int calls = 0;
            long now;
            do {
                call.run();
                calls++;
                now = CPU.getCurrentThreadCpuTime();
            } while (now < end);
            perCall[w] = (now - start) / 1e9 / calls;
        }
        return perCall;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void result(String measure, double value) {
        System.out.printf("RESULT %s %.3f%n", measure, value);
    }

    private static long[] pair(int v) {
        return new long[] {v, v};
    }

    /** Outlives every pointer scope (the model and the inputs). */
    private static Tensor keep(Tensor t) {
        t.retainReference();
        return t;
    }

    /**
     * Extracts libtorch_cpu.so into the JavaCPP cache before anything of libtorch is loaded. The 2.10 presets load
     * libtorch.so, a stub whose one dependency is libtorch_cpu.so (found through its runpath, its own folder), before
     * libtorch_cpu.so, and JavaCPP extracts each library just before it loads it. Into an empty cache the stub's
     * dependency is not there yet, so the dynamic linker takes the system's libtorch_cpu.so (Debian's libtorch 1.13
     * installed with python3-torch); the presets' own libtorch_cpu.so, loaded next, shares its c10::Dispatcher
     * singleton (a GNU unique symbol) with that other libtorch, and its first operator registration crashes (SIGSEGV
     * in pthread_mutex_lock). A no-op once the file is cached, and for 1.10, whose presets load libtorch_cpu.so before
     * libtorch.so. Must run before the first use of {@code torch}, whose class initialiser loads the libraries.
     */
    static void cacheTorchCpu() {
        try {
            Loader.cacheResource("/org/bytedeco/pytorch/" + Loader.getPlatform() + "/libtorch_cpu.so");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String presetsVersion() {
        Package p = torch.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v != null ? v : String.valueOf(torch.class.getProtectionDomain().getCodeSource().getLocation());
    }
}
