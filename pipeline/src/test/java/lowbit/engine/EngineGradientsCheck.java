package lowbit.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.engine.torch.TorchEngine;

/**
 * Both float engines' gradients (parameters in training, input in inference) on every {@link GradientCase} against the
 * double-precision reference, in a JVM of its
 * own so that the kernels (OpenBLAS core type, ATen capability, oneDNN ISA, threads) can be chosen by its environment.
 * Prints one {@code GRADIENT} line per case and engine (relative error, and a digest of the bits of the gradients and
 * of the predictions) and exits with 1 when an error exceeds {@link #TOLERANCE}.
 */
public final class EngineGradientsCheck {

    /**
     * Largest allowed max |float - reference| / max |reference|. Measured on AMD EPYC (Zen 4) under every kernel
     * variant the test runs: at most 1.6e-4 (DL4J, batch-norm nets); a wrong kernel or a gradient at a ReLU kink
     * is off by percents.
     */
    static final double TOLERANCE = 1e-3;

    record Result(String caseLabel, String engine, double error, String digest, String worst) {
        boolean ok() {
            return error <= TOLERANCE;
        }

        String line() {
            return String.format("GRADIENT %s %s error=%.3g digest=%s%s", engine, caseLabel.replace(' ', '_'), error, digest,
                    ok() ? "" : " worst " + worst);
        }
    }

    private EngineGradientsCheck() {
    }

    /** Usage: EngineGradientsCheck DIR (the case files a {@link GradientCase#write} left there). */
    public static void main(String[] args) throws IOException {
        NumericKernels.apply();
        List<GradientCase> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".case")).sorted().toList()) cases.add(GradientCase.read(f));
        }
        boolean ok = true;
        for (GradientCase c : cases) {
            for (Result r : check(c)) {
                System.out.println(r.line());
                ok &= r.ok();
            }
        }
        System.out.println("KERNELS " + NumericKernels.describe());
        System.exit(ok ? 0 : 1);
    }

    static List<Result> check(GradientCase c) {
        List<Result> results = new ArrayList<>();
        for (String engine : List.of(Dl4jEngine.NAME, TorchEngine.NAME)) {
            TrainableModel m = c.floatModel(engine);
            GradientCase.Gradients g = GradientCase.gradients(m, c.parameters(), c.state(), c.x(), c.labels());
            float[] predictions = m.forward(c.x()).data(); // inference's own path (folded batch norm on torch)
            results.add(new Result(c.label(), engine, c.error(g), digest(g.parameters(), g.input(), predictions),
                    c.worst(g, m.parameterViews())));
        }
        return results;
    }

    /** The first 16 hex digits of the SHA-256 of the values' bits: equal digests, bitwise equal values. */
    static String digest(float[]... arrays) {
        ByteBuffer b = ByteBuffer.allocate(4 * java.util.Arrays.stream(arrays).mapToInt(a -> a.length).sum());
        for (float[] values : arrays) {
            for (float v : values) b.putFloat(v);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array())).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
