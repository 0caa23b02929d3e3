package lowbit.export.c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import lowbit.export.integer.IntTensor;
import lowbit.export.integer.IntegerInference;
import lowbit.export.integer.IntegerModel;
import lowbit.export.integer.RawImages;

/**
 * Compiles a C export with the test harness (trace_harness.c, LOWBIT_TRACE on) and the demo main.c, with the flags
 * lowbit promises ({@link CToolchain#FLAGS}), runs it on raw images and checks it against the Java reference bit for
 * bit: the predicted class and the scores' bits of every image, and every tensor of the first traced images.
 */
public final class CHarness {

    /** What the compiled C printed for one image. */
    public record Run(int predicted, float[] scores, Map<String, byte[]> tensors) {
    }

    private CHarness() {
    }

    public static void requireCompiler() {
        assertTrue(CToolchain.available("cc"), "these tests compile the generated C: install a C compiler (bin/test does)");
    }

    /** Compiles dir's model.c with the harness (and with {@code demo} main.c too, as dir/classify), returns the harness binary. */
    public static Path build(Path dir, boolean demo) throws IOException {
        requireCompiler();
        Path harness = dir.resolve("trace_harness.c");
        try (InputStream in = CHarness.class.getResourceAsStream("trace_harness.c")) {
            Files.write(harness, in.readAllBytes());
        }
        List<String> cc = new ArrayList<>(List.of("cc"));
        cc.addAll(CToolchain.FLAGS);
        cc.addAll(List.of("-Wextra", "-pedantic", "-DLOWBIT_TRACE", "-o", "harness", "trace_harness.c", CLibrary.SOURCE));
        CToolchain.run(cc, dir);
        if (demo) {
            List<String> main = new ArrayList<>(List.of("cc"));
            main.addAll(CToolchain.FLAGS);
            main.addAll(List.of("-Wextra", "-pedantic", "-o", "classify", CLibrary.DEMO, CLibrary.SOURCE));
            CToolchain.run(main, dir);
        }
        Files.delete(harness); // the folder stays a C export (the demo binaries are not checked)
        return dir.resolve("harness");
    }

    public static List<Run> run(Path harness, RawImages images, int traced) {
        try {
            Path raw = Files.createTempFile(harness.getParent(), "images", ".raw");
            Files.write(raw, images.concatenated());
            String out = CToolchain.run(List.of(harness.toString(), raw.toString(), Integer.toString(traced)), harness.getParent());
            Files.delete(raw);
            return parse(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Run> parse(String out) {
        List<Run> runs = new ArrayList<>();
        Map<String, byte[]> tensors = new HashMap<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("I ")) {
                tensors = new HashMap<>();
            } else if (line.startsWith("T ")) {
                String[] f = line.split(" ");
                tensors.put(f[1], f.length > 2 ? HexFormat.of().parseHex(f[2]) : new byte[0]);
            } else if (line.startsWith("S ")) {
                String[] f = line.split(" ");
                float[] scores = new float[f.length - 2];
                for (int k = 0; k < scores.length; k++) scores[k] = Float.intBitsToFloat(Integer.parseUnsignedInt(f[k + 2], 16));
                runs.add(new Run(Integer.parseInt(f[1]), scores, tensors));
            }
        }
        return runs;
    }

    /** The C's runs equal the Java reference's: classes and scores of every image, every tensor of the traced ones. */
    public static void assertBitExact(IntegerModel model, RawImages images, List<Run> c, int traced) {
        List<IntegerInference.Result> java = new ArrayList<>();
        for (byte[] image : images.pixels()) java.add(IntegerInference.run(model, image));
        assertBitExact(model, java, c, traced);
    }

    /** As above with the Java results already computed, one per image. */
    public static void assertBitExact(IntegerModel model, List<IntegerInference.Result> reference, List<Run> c, int traced) {
        assertEquals(reference.size(), c.size(), "one C result per image");
        for (int i = 0; i < reference.size(); i++) {
            IntegerInference.Result java = reference.get(i);
            Run run = c.get(i);
            assertEquals(java.predicted(), run.predicted(), "class of image " + i);
            assertArrayEquals(bits(java.scores()), bits(run.scores()), "score bits of image " + i);
            if (i < traced) {
                Set<String> names = new HashSet<>();
                for (IntTensor t : model.tensors()) {
                    names.add(t.name());
                    assertArrayEquals(java.tensors()[t.id()], run.tensors().get(t.name()), "tensor " + t.name() + " of image " + i);
                }
                assertEquals(names, run.tensors().keySet(), "the C traces every tensor once");
            }
        }
    }

    private static int[] bits(float[] f) {
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) b[i] = Float.floatToRawIntBits(f[i]);
        return b;
    }
}
