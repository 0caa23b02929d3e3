package lowbit.export.c;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import lowbit.LowbitException;
import lowbit.export.integer.IntOp;
import lowbit.export.integer.IntegerModel;

/** Writes the C library of an {@link IntegerModel} into a folder, all files or none, and describes its sizes. */
public final class CExport {

    private CExport() {
    }

    /**
     * Writes model.h, model.c and main.c into {@code dir}: into a hidden sibling folder first, renamed into place when
     * complete. An existing {@code dir} is replaced only when it is an earlier C export (it holds those files only).
     *
     * @throws LowbitException naming the folder when it exists and holds anything else
     */
    public static void write(IntegerModel model, CLibrary.Info info, Path dir) {
        Map<String, String> files = CLibrary.sources(model, info);
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        String name = target.getFileName().toString();
        try {
            if (Files.exists(target)) requireEarlierExport(target);
            Files.createDirectories(parent);
            Path partial = parent.resolve("." + name + ".partial-" + UUID.randomUUID());
            Files.createDirectory(partial);
            try {
                for (Map.Entry<String, String> f : files.entrySet()) {
                    Files.writeString(partial.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
                }
                if (Files.exists(target)) {
                    Path old = parent.resolve("." + name + ".old-" + UUID.randomUUID());
                    Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                    CToolchain.deleteQuietly(old);
                } else {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                CToolchain.deleteQuietly(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the C library to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void requireEarlierExport(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new LowbitException("--output " + dir + " exists and is not a folder");
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                if (!CLibrary.FILES.contains(p.getFileName().toString())) {
                    throw new LowbitException("--output " + dir + " exists and holds " + p.getFileName()
                            + ", which a C export does not write: choose a new folder (an earlier C export is replaced)");
                }
            }
        }
    }

    /** What a firmware engineer asks: flash, RAM, MACs, and the compiled sizes when a compiler was there. */
    public static List<String> describeSizes(IntegerModel m, List<CToolchain.Sections> compiled) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "flash: %,d bytes = %,d of packed %d-bit weight codes + %,d of other constants "
                + "(biases, multipliers, shifts, input table, score scales)", m.flashBytes(), m.weightBytes(), CLibrary.weightBits(m),
                m.constantBytes()));
        for (CToolchain.Sections s : compiled) lines.add(s.describe());
        if (compiled.isEmpty()) lines.add("no C compiler found (cc): compiled sizes not measured");
        lines.add(String.format(Locale.ROOT, "RAM: %,d bytes = scratch arena %,d (LOWBIT_SCRATCH_BYTES: %d int8 tensors%s) + input image %,d",
                m.ramBytes(), m.arena().bytes(), m.tensors().size(), stagingNote(m), m.inputBytes()));
        lines.add(String.format(Locale.ROOT, "MACs per image: %,d", m.macs()));
        return lines;
    }

    private static String stagingNote(IntegerModel m) {
        int staging = m.ops().stream().mapToInt(IntOp::stagingBytes).max().orElse(0);
        return staging == 0 ? "" : String.format(Locale.ROOT, " and up to %,d bytes of unpacked weights", staging);
    }
}
