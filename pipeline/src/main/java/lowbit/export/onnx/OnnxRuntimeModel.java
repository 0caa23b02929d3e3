package lowbit.export.onnx;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.protobuf.InvalidProtocolBufferException;
import lowbit.LowbitException;
import lowbit.tensor.Tensor;

/**
 * An ONNX classifier file (as {@link OnnxModelWriter} writes them: one float NCHW input, outputs {@code logits} and
 * {@code probabilities}) running in ONNX Runtime's CPU provider in this JVM. Opening a file that is not such a model
 * fails with a {@link LowbitException} naming the file.
 */
public final class OnnxRuntimeModel implements AutoCloseable {
    private static final byte[] PACKED_MAGIC = {'L', 'B', 'Q', 'F'};
    private static OrtEnvironment environment;

    private final Path file;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String input;
    private final int classes;
    private final Map<String, String> metadata;

    private OnnxRuntimeModel(Path file, OrtEnvironment env, OrtSession session, String input, int classes, Map<String, String> metadata) {
        this.file = file;
        this.env = env;
        this.session = session;
        this.input = input;
        this.classes = classes;
        this.metadata = metadata;
    }

    /**
     * @param threads ONNX Runtime's intra-op threads (0: its default, one per core)
     * @throws LowbitException when the file is missing, is not an ONNX model, or ONNX Runtime cannot load it
     */
    public static OnnxRuntimeModel open(Path file, int threads) {
        byte[] bytes = readOnnx(file);
        OrtEnvironment env = environment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (threads > 0) options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            session = env.createSession(bytes, options);
        } catch (OrtException e) {
            throw new LowbitException("ONNX Runtime " + env.getVersion() + " cannot load " + file + ": " + e.getMessage(), e);
        }
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            if (inputs.size() != 1 || !outputs.containsKey(OnnxModelWriter.LOGITS) || !outputs.containsKey(OnnxModelWriter.PROBABILITIES)) {
                throw new LowbitException(file + " is an ONNX model but not a classifier as lowbit exports them (one input, outputs "
                        + OnnxModelWriter.LOGITS + " and " + OnnxModelWriter.PROBABILITIES + "): inputs " + inputs.keySet()
                        + ", outputs " + outputs.keySet());
            }
            long[] shape = ((TensorInfo) outputs.get(OnnxModelWriter.LOGITS).getInfo()).getShape();
            Map<String, String> metadata = session.getMetadata().getCustomMetadata();
            return new OnnxRuntimeModel(file, env, session, inputs.keySet().iterator().next(), (int) shape[shape.length - 1], metadata);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof LowbitException le) throw le;
            throw new LowbitException("ONNX Runtime cannot inspect " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * ONNX Runtime's environment (one per JVM), created on a thread with a deep stack. ONNX Runtime 1.29's Linux
     * telemetry reads the process's command line when the environment is created and parses it recursively, with about
     * 250 bytes of stack per byte: on a 1 MB Java thread stack a command line over about 4 KB crashes the JVM with
     * SIGSEGV, and bin/lowbit's {@code java -cp ...} line is about 20 KB.
     */
    static synchronized OrtEnvironment environment() {
        if (environment != null) return environment;
        AtomicReference<OrtEnvironment> env = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread start = new Thread(null, () -> {
            try {
                env.set(OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "lowbit"));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "onnxruntime-start", startStackBytes());
        start.start();
        boolean interrupted = false;
        while (start.isAlive()) {
            try {
                start.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (failure.get() instanceof RuntimeException e) throw e;
        if (failure.get() instanceof Error e) throw e;
        environment = env.get();
        return environment;
    }

    /** 16 MB, and 1 KB more for each byte of the command line (/proc/self/cmdline, where there is one). */
    static long startStackBytes() {
        long commandLine = 0;
        try {
            commandLine = Files.readAllBytes(Path.of("/proc/self/cmdline")).length;
        } catch (IOException | RuntimeException e) {
            // not Linux: no such telemetry
        }
        return (16L << 20) + 1024 * commandLine;
    }

    /** OMP_NUM_THREADS when set (as the engines' threads), else 0: ONNX Runtime's default. */
    public static int defaultThreads() {
        String omp = System.getenv("OMP_NUM_THREADS");
        try {
            return omp == null ? 0 : Math.max(0, Integer.parseInt(omp.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The file's bytes, after checking that they are an ONNX ModelProto with a graph (and not a lowbit packed file). */
    static byte[] readOnnx(Path file) {
        if (!Files.isRegularFile(file)) throw new LowbitException("ONNX file " + file + " does not exist");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LowbitException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length >= 4 && Arrays.equals(Arrays.copyOf(bytes, 4), PACKED_MAGIC)) {
            throw new LowbitException(file + " is a lowbit packed model file (.lowbit), not an ONNX model: verify it without --format onnx");
        }
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new LowbitException(file + " is not an ONNX model: it does not parse as an ONNX ModelProto (" + e.getMessage()
                    + "; a truncated or corrupt file?)");
        }
        if (proto.getIrVersion() <= 0 || !proto.hasGraph() || proto.getGraph().getNodeCount() == 0 || proto.getOpsetImportCount() == 0) {
            String start = new String(bytes, 0, Math.min(bytes.length, 40), StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".");
            throw new LowbitException(file + " is not an ONNX model: no IR version, opset or graph in it (it starts with \"" + start + "\")");
        }
        return bytes;
    }

    public Path file() {
        return file;
    }

    public int classes() {
        return classes;
    }

    /** The model's {@code metadata_props}. */
    public Map<String, String> metadata() {
        return metadata;
    }

    public Optional<String> metadata(String key) {
        return Optional.ofNullable(metadata.get(key));
    }

    public String runtimeVersion() {
        return env.getVersion();
    }

    /** The logits and the probabilities of a batch, each [N * classes] row-major. */
    public record Outputs(float[] logits, float[] probabilities) {
    }

    public Outputs run(Tensor batch) {
        long[] shape = Arrays.stream(batch.shape()).asLongStream().toArray();
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch.data()), shape);
             OrtSession.Result r = session.run(Map.of(input, x))) {
            return new Outputs(floats(r, OnnxModelWriter.LOGITS), floats(r, OnnxModelWriter.PROBABILITIES));
        } catch (OrtException e) {
            throw new LowbitException("ONNX Runtime failed to run " + file + " on a batch of shape " + Arrays.toString(batch.shape())
                    + ": " + e.getMessage(), e);
        }
    }

    private static float[] floats(OrtSession.Result r, String name) {
        OnnxValue v = r.get(name).orElseThrow(() -> new IllegalStateException("no output " + name));
        FloatBuffer b = ((OnnxTensor) v).getFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException e) {
            // nothing left to release
        }
    }
}
