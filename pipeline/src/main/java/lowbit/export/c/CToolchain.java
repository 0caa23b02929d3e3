package lowbit.export.c;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The system's C compiler and {@code size}, to measure what the generated model.c takes in flash: the host's
 * {@code cc} (the figure on this machine's instruction set) and, when installed, {@code arm-none-eabi-gcc} for a
 * Cortex-M4 (thumb), the figure that matters on a microcontroller.
 */
public final class CToolchain {

    /** The flags lowbit builds and tests the generated C with. */
    public static final List<String> FLAGS = List.of("-std=c99", "-Wall", "-Werror", "-O2");
    private static final long TIMEOUT_SECONDS = 300;

    /**
     * A compiler and its size tool.
     *
     * @param compiler e.g. cc
     * @param size     the binutils size of the same target
     * @param flags    target and optimization flags
     * @param target   what the figures are for, in words
     */
    public record Target(String compiler, String size, List<String> flags, String target) {
        public Target {
            flags = List.copyOf(flags);
        }

        public String describe() {
            return compiler + " " + String.join(" ", flags) + " (" + target + ")";
        }
    }

    public static final Target HOST = new Target("cc", "size", FLAGS, "this machine, " + System.getProperty("os.arch"));
    public static final Target CORTEX_M4 = new Target("arm-none-eabi-gcc", "arm-none-eabi-size",
            List.of("-std=c99", "-Wall", "-Werror", "-Os", "-ffreestanding", "-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"),
            "Cortex-M4F, thumb");

    /**
     * Section sizes of the compiled model.c ({@code size -A}): code (.text*), read-only data (.rodata* and, in
     * position-independent objects, .data.rel.ro*: the weights, constants and tables of pointers to them), initialized
     * data and zero-initialized data; {@code berkeley} is the plain {@code size} line.
     */
    public record Sections(Target target, long text, long rodata, long data, long bss, String berkeley) {
        /** Flash: code and read-only data (and initialized data, copied to RAM at start). */
        public long flash() {
            return text + rodata + data;
        }

        public String describe() {
            return String.format(Locale.ROOT, "compiled model.c with %s: .text %,d + .rodata %,d bytes (.data %d, .bss %d)",
                    target.describe(), text, rodata, data, bss);
        }
    }

    private CToolchain() {
    }

    /** True when {@code command --version} runs. */
    public static boolean available(String command) {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Section sizes of {@code dir/model.c} compiled for each target whose tools are installed. */
    public static List<Sections> measure(Path dir) {
        List<Sections> all = new ArrayList<>();
        for (Target t : List.of(HOST, CORTEX_M4)) {
            if (available(t.compiler()) && available(t.size())) all.add(measure(dir, t));
        }
        return all;
    }

    /** Compiles {@code dir/model.c} to an object file in a temporary folder and reads its sections. */
    public static Sections measure(Path dir, Target target) {
        Path work = null;
        try {
            work = Files.createTempDirectory("lowbit-size");
            Path object = work.resolve("model.o");
            List<String> cc = new ArrayList<>(List.of(target.compiler()));
            cc.addAll(target.flags());
            cc.addAll(List.of("-c", dir.toAbsolutePath().resolve(CLibrary.SOURCE).toString(), "-o", object.toString()));
            run(cc, work);
            String sysv = run(List.of(target.size(), "-A", object.toString()), work);
            String berkeley = run(List.of(target.size(), object.toString()), work).strip();
            long text = 0;
            long rodata = 0;
            long data = 0;
            long bss = 0;
            for (String line : sysv.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 2 || !f[1].matches("\\d+")) continue;
                long n = Long.parseLong(f[1]);
                if (f[0].startsWith(".text")) text += n;
                else if (f[0].startsWith(".rodata") || f[0].startsWith(".data.rel.ro")) rodata += n; // read-only after relocation
                else if (f[0].startsWith(".data")) data += n;
                else if (f[0].startsWith(".bss")) bss += n;
            }
            return new Sections(target, text, rodata, data, bss, berkeley);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(work);
        }
    }

    /** Runs a command in {@code dir}; returns its output, or throws with the output when it fails. */
    public static String run(List<String> command, Path dir) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + p.exitValue() + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command.get(0), e);
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover temporary folder is not worth failing the export
        }
    }
}
