package lowbit.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lowbit.data.read.Normalization;

/**
 * lowbit's model file ({@code model.zip}), the same for both engines: a zip holding {@code model.json} (the format, the
 * architecture text, how input pixels are scaled, the class names, where the model came from) and the trainable
 * parameters and batch-norm state as little-endian float32 ({@code parameters.f32}, {@code batch-norm-state.f32}) in the
 * order of the architecture's views. Any engine builds the architecture and loads the values, so a model trained on one
 * engine runs on the other.
 *
 * @param input      how uint8 pixels become the network's input (x / 255, then per-channel mean and std if any);
 *                   null where unknown (a model from before this file recorded it)
 * @param classes    the class names in output order; empty where unknown
 * @param provenance free-form facts about the model's origin (source file and its SHA-256, trained by, ...)
 */
public record ModelFile(String architecture, float[] parameters, float[] state, Normalization input, List<String> classes,
                        Map<String, String> provenance) {

    public static final String FORMAT = "lowbit-model";
    public static final int VERSION = 1;
    static final String METADATA = "model.json";
    static final String PARAMETERS = "parameters.f32";
    static final String STATE = "batch-norm-state.f32";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ModelFile {
        classes = List.copyOf(classes);
        provenance = Map.copyOf(provenance);
    }

    /** Whether {@code file} is a lowbit model file (a zip with a model.json of this format); false for anything else. */
    public static boolean isModelFile(Path file) {
        if (!Files.isRegularFile(file)) return false;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry(METADATA);
            if (e == null) return false;
            try (InputStream in = zip.getInputStream(e)) {
                return FORMAT.equals(JSON.readTree(in).path("format").asText());
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads a model file; a file that is not one, or is damaged, is an IOException naming it and what is wrong. */
    public static ModelFile read(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            JsonNode meta;
            try (InputStream in = entry(zip, METADATA, file)) {
                meta = JSON.readTree(in);
            }
            if (!FORMAT.equals(meta.path("format").asText())) throw new IOException(file + " is not a lowbit model file (model.json has no format " + FORMAT + ")");
            if (meta.path("version").asInt() > VERSION) {
                throw new IOException(file + " is a lowbit model file of version " + meta.path("version").asInt() + "; this lowbit reads up to " + VERSION);
            }
            String architecture = meta.path("architecture").asText(null);
            if (architecture == null || architecture.isBlank()) throw new IOException(file + ": model.json has no architecture");
            float[] parameters = floats(zip, PARAMETERS, file);
            float[] state = floats(zip, STATE, file);
            Normalization input = meta.has("input") ? normalization(meta.get("input"), file) : null;
            List<String> classes = new ArrayList<>();
            meta.path("classes").forEach(c -> classes.add(c.asText()));
            Map<String, String> provenance = new LinkedHashMap<>();
            meta.path("provenance").fields().forEachRemaining(e -> provenance.put(e.getKey(), e.getValue().asText()));
            return new ModelFile(architecture, parameters, state, input, classes, provenance);
        } catch (ZipException e) {
            throw new IOException(file + " is not a zip file (or a damaged one): " + e.getMessage(), e);
        }
    }

    /** Writes the file (callers that need atomicity write a temporary file and rename it). */
    public void write(Path file) throws IOException {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("format", FORMAT);
        meta.put("version", VERSION);
        meta.put("architecture", architecture);
        if (input != null) meta.set("input", json(input));
        ArrayNode names = meta.putArray("classes");
        classes.forEach(names::add);
        ObjectNode p = meta.putObject("provenance");
        provenance.forEach(p::put);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry(METADATA));
            zip.write(JSON.writeValueAsBytes(meta));
            zip.closeEntry();
            put(zip, PARAMETERS, parameters);
            put(zip, STATE, state);
        }
    }

    private static InputStream entry(ZipFile zip, String name, Path file) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) throw new IOException(file + " has no " + name);
        return zip.getInputStream(e);
    }

    private static float[] floats(ZipFile zip, String name, Path file) throws IOException {
        byte[] raw;
        try (InputStream in = entry(zip, name, file)) {
            raw = in.readAllBytes();
        }
        if (raw.length % 4 != 0) throw new IOException(file + ": " + name + " has " + raw.length + " bytes, not whole float32 values");
        float[] v = new float[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    private static void put(ZipOutputStream zip, String name, float[] values) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        zip.write(b.array());
        zip.closeEntry();
    }

    private static ObjectNode json(Normalization n) {
        ObjectNode o = JSON.createObjectNode();
        o.put("pixels", "x / 255");
        if (n.mean() != null) {
            ArrayNode mean = o.putArray("mean");
            for (double m : n.mean()) mean.add(m);
            ArrayNode std = o.putArray("std");
            for (double s : n.std()) std.add(s);
        }
        return o;
    }

    private static Normalization normalization(JsonNode o, Path file) throws IOException {
        if (!o.has("mean")) return Normalization.UNIT;
        double[] mean = new double[o.get("mean").size()];
        double[] std = new double[o.path("std").size()];
        if (mean.length != std.length) throw new IOException(file + ": model.json's input has " + mean.length + " means and " + std.length + " stds");
        for (int i = 0; i < mean.length; i++) {
            mean[i] = o.get("mean").get(i).asDouble();
            std[i] = o.get("std").get(i).asDouble();
        }
        try {
            return Normalization.meanStd(mean, std);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": model.json's input: " + e.getMessage(), e);
        }
    }
}
