package lowbit.export.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.engine.torch.TorchEngine;
import lowbit.ptq.QuantizationPlan;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime in a JVM started with a long command line, as bin/lowbit starts one ({@code java -cp} and about 20 KB
 * of classpath): ONNX Runtime 1.29 parses the command line when its environment is created and crashed the JVM with
 * SIGSEGV on a 1 MB thread stack (exit code 139) until lowbit created the environment on a deeper one.
 */
@Tag("cluster")
class OnnxRuntimeCommandLineTest {
    @TempDir
    Path tmp;

    @Test
    void opensAndRunsAFileFromAJvmWithA40KilobyteCommandLine() throws Exception {
        TrainableModel lenet = new TorchEngine(1).zoo("lenet", Map.of("seed", "1"));
        Path file = tmp.resolve("lenet.onnx");
        ZooOnnxTest.export(lenet, QuantizationPlan.uniform(lenet, 4, true, true), file);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder child = new ProcessBuilder(java, "-Dlowbit.padding=" + "x".repeat(40_000), "-cp", System.getProperty("java.class.path"),
                Open.class.getName(), file.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
        child.environment().remove("ORT_DISABLE_TELEMETRY"); // the telemetry that reads the command line stays on
        Process p = child.start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the child JVM finished");
        String log = Files.readString(tmp.resolve("child.log"));
        assertEquals(0, p.exitValue(), "exit code " + p.exitValue() + " (139: SIGSEGV), output:\n" + log);
        assertTrue(log.contains("10 logits"), log);
    }

    /** The child: opens the file and runs one image of zeros. */
    public static final class Open {
        public static void main(String[] args) {
            try (OnnxRuntimeModel onnx = OnnxRuntimeModel.open(Path.of(args[0]), 1)) {
                float[] logits = onnx.run(Tensor.of(new float[28 * 28], 1, 1, 28, 28)).logits();
                System.out.println(logits.length + " logits, ONNX Runtime " + onnx.runtimeVersion());
            }
        }
    }
}
