package lowbit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lowbit.config.LowbitConfig;
import lowbit.testing.SharedData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command-line contract scripts and schedulers depend on: exit codes, messages, --help, --json. */
@Tag("spark")
@Tag("data")
class LowbitCliTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run lowbit(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LowbitCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void versionSaysTheCpuAndTheKernels() {
        Run run = lowbit("--version");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("lowbit "), run.out());
        assertTrue(run.out().contains("\ncpu " + lowbit.engine.CpuInfo.here().describe() + "\n"), run.out());
        // the CLI applies the kernel choice before anything else: portable unless the environment asks otherwise
        assertTrue(run.out().contains("\nkernels " + lowbit.engine.NumericKernels.describe().split(";")[0]), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("libtorch ")), run.out());
    }

    /** In a JVM of its own: the kernel choice is read once per JVM, before anything else. */
    @Test
    void anUnknownKernelChoiceIsBadInput() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", cp, LowbitCli.class.getName(), "--version").redirectErrorStream(true);
        pb.environment().put("LOWBIT_KERNELS", "avx512");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), output);
        assertTrue(output.contains("lowbit: LOWBIT_KERNELS must be portable, portable-avx512 or native, not 'avx512'"), output);
    }

    @Test
    void shardHelpListsEveryKeyWithItsDefault() {
        Run run = lowbit("shard", "--help");
        assertEquals(0, run.exit());
        for (String line : LowbitConfig.describeKeys("shard")) {
            assertTrue(run.out().contains(line.strip()), "help shows: " + line);
        }
        assertTrue(run.out().contains("max-quarantine-fraction = 0.01"), run.out());
    }

    @Test
    void shardThenInspectAsJson() throws Exception {
        Path out = tmp.resolve("cifar");
        Run shard = lowbit("shard", "--master", "local[2]", "--format", "cifar10-bin", "--input",
                SharedData.path("cifar10-bin").toString(), "--output", out.toString(), "shards=2");
        assertEquals(0, shard.exit(), shard.err());
        assertTrue(shard.out().contains("test         50 records"), shard.out());

        Run inspect = lowbit("inspect", out.toString(), "--json");
        assertEquals(0, inspect.exit(), inspect.err());
        JsonNode manifest = new ObjectMapper().readTree(inspect.out());
        assertEquals(50, manifest.path("splits").path("test").path("records").asInt());
        assertEquals(0, manifest.path("quarantine").path("records").asInt());
        assertEquals(10, manifest.path("splits").path("test").path("per_class").size());

        Path png = tmp.resolve("png");
        Run samples = lowbit("inspect", out.toString(), "--records", "3", "--png", png.toString());
        assertEquals(0, samples.exit(), samples.err());
        try (var files = Files.list(png)) {
            assertEquals(3, files.count());
        }

        Run again = lowbit("shard", "--master", "local[2]", "--format", "cifar10-bin", "--input",
                SharedData.path("cifar10-bin").toString(), "--output", out.toString());
        assertEquals(LowbitCli.USER_ERROR, again.exit());
        assertTrue(again.err().contains("already holds a dataset; pass --overwrite"), again.err());
    }

    @Test
    void badSettingsExitWithAMessageNamingTheKey() throws Exception {
        Run typo = lowbit("shard", "--format", "idx", "--input", "x", "--output", "y", "shardz=3");
        assertEquals(LowbitCli.USER_ERROR, typo.exit());
        assertTrue(typo.err().contains("unknown config key 'lowbit.shard.shardz'"), typo.err());
        assertTrue(typo.err().contains("did you mean 'lowbit.shard.shards'"), typo.err());

        Run type = lowbit("shard", "--format", "idx", "--input", "x", "--output", "y", "shards=many");
        assertEquals(LowbitCli.USER_ERROR, type.exit());
        assertTrue(type.err().contains("'lowbit.shard.shards' must be a number"), type.err());

        Run missing = lowbit("shard", "--format", "idx", "--output", "y");
        assertEquals(LowbitCli.USER_ERROR, missing.exit());
        assertTrue(missing.err().contains("missing required key lowbit.shard.input"), missing.err());

        Path conf = tmp.resolve("bad.conf");
        Files.writeString(conf, "lowbit.shard {\n  format = idx\n  grayscale = maybe\n}\n");
        Run wrongType = lowbit("shard", "--conf", conf.toString(), "--input", "x", "--output", "y");
        assertEquals(LowbitCli.USER_ERROR, wrongType.exit());
        assertTrue(wrongType.err().contains("lowbit.shard.grayscale") && wrongType.err().contains("bad.conf: 3"), wrongType.err());

        Run format = lowbit("shard", "--format", "tfrecord", "--input", "x", "--output", "y");
        assertEquals(LowbitCli.USER_ERROR, format.exit());
        assertTrue(format.err().contains("unknown format 'tfrecord'"), format.err());

        Run notADataset = lowbit("inspect", tmp.toString());
        assertEquals(LowbitCli.USER_ERROR, notADataset.exit());
        assertTrue(notADataset.err().contains("is not a lowbit dataset"), notADataset.err());
    }

    @Test
    void missingSourceFileIsNamed() {
        Path missing = tmp.resolve("no-such-dir");
        Run run = lowbit("shard", "--master", "local[1]", "--format", "folders", "--input", missing.toString(),
                "--output", tmp.resolve("out").toString());
        assertEquals(LowbitCli.USER_ERROR, run.exit());
        assertTrue(run.err().contains("class-folder input not found: " + missing), run.err());
    }
}
