package lowbit.engine.dl4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Model files DL4J's ModelSerializer wrote (lowbit's DL4J engine wrote them before lowbit model files), including those
 * whose configuration names lowbit's layers by their package before it moved ({@code lowbit.model.layers}).
 */
final class Dl4jZipFiles {

    private static final String CONFIGURATION = "configuration.json";
    private static final String OLD_LAYERS = "\"lowbit.model.layers.";
    private static final String LAYERS = "\"lowbit.engine.dl4j.layers.";

    private Dl4jZipFiles() {
    }

    /** Whether {@code file} is a zip with DL4J's configuration entry. */
    static boolean isDl4jZip(Path file) {
        if (!Files.isRegularFile(file)) return false;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.getEntry(CONFIGURATION) != null;
        } catch (IOException e) {
            return false;
        }
    }

    static ComputationGraph read(Path file) throws IOException {
        String configuration;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry(CONFIGURATION);
            if (e == null) throw new IOException(file + " is not a DL4J model zip (no " + CONFIGURATION + ")");
            try (InputStream in = zip.getInputStream(e)) {
                configuration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        if (!configuration.contains(OLD_LAYERS)) return ModelSerializer.restoreComputationGraph(file.toFile(), false);
        Path renamed = Files.createTempFile("lowbit-dl4j-", ".zip");
        try {
            copyWithConfiguration(file, renamed, configuration.replace(OLD_LAYERS, LAYERS));
            return ModelSerializer.restoreComputationGraph(renamed.toFile(), false);
        } finally {
            Files.deleteIfExists(renamed);
        }
    }

    private static void copyWithConfiguration(Path from, Path to, String configuration) throws IOException {
        try (ZipFile zip = new ZipFile(from.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                out.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals(CONFIGURATION)) {
                    out.write(configuration.getBytes(StandardCharsets.UTF_8));
                } else {
                    try (InputStream in = zip.getInputStream(e)) {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
    }
}
