package lowbit.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lowbit.data.read.Normalization;
import lowbit.engine.Engine;
import lowbit.engine.Engines;
import lowbit.engine.TrainableModel;
import lowbit.model.ModelFile;
import lowbit.model.ModelZoo;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.ParamView;

/**
 * Turns a published model file into a lowbit model: today Keras HDF5 MobileNetV1s ({@link KerasMobileNetV1}). The
 * result is checked on an engine (it builds, and its outputs are finite) and written as a lowbit model file, with the
 * input scaling and the class names it needs and the source file's name and SHA-256.
 */
public final class ModelImport {

    public static final String KERAS_H5 = "keras-h5";

    /** How pixels become inputs for an imported model. */
    public enum InputScaling {
        /** x / 255: [0, 1] (MLPerf Tiny's person detector). */
        UNIT,
        /** x / 127.5 - 1: [-1, 1] (Keras applications' {@code mobilenet.preprocess_input}). */
        SYMMETRIC;

        public Normalization normalization(int channels) {
            if (this == UNIT) return Normalization.UNIT;
            double[] half = new double[channels];
            java.util.Arrays.fill(half, 0.5);
            return Normalization.meanStd(half, half);
        }
    }

    /**
     * @param engine  the engine to check the model on and to record (null: the default)
     * @param classes the class names in output order (empty: none given)
     * @param newHead 0 keeps the classifier; N replaces it by a freshly initialized N-class one
     * @param scaling null: symmetric for Keras-applications models (their layer names), else unit
     * @param seed    seeds a new head's initialization
     */
    public record Request(String format, Path input, String engine, List<String> classes, int newHead, InputScaling scaling, long seed) {
    }

    private ModelImport() {
    }

    public static ModelFile run(Request r) {
        if (!r.format().equals(KERAS_H5)) throw new ImportError("unknown import format '" + r.format() + "'; known: " + KERAS_H5);
        KerasMobileNetV1.Mapped mapped = KerasMobileNetV1.map(KerasH5.read(r.input()));
        Map<String, String> options = new LinkedHashMap<>(mapped.options());
        int importedClasses = Integer.parseInt(options.get("classes"));
        int classes = r.newHead() > 0 ? r.newHead() : importedClasses;
        if (!r.classes().isEmpty() && r.classes().size() != classes) {
            throw new ImportError("--classes names " + r.classes().size() + " classes, but the model has " + classes
                    + (r.newHead() > 0 ? " (--head new:" + r.newHead() + ")" : " (use --head new:" + r.classes().size() + " for another task)"));
        }
        options.put("classes", Integer.toString(classes));
        options.put("seed", Long.toString(r.seed()));
        Engine engine = Engines.named(r.engine() == null ? Engines.DEFAULT : r.engine(), 0);
        String architecture = ModelZoo.architecture("mobilenetv1", options);
        TrainableModel model = engine.build(architecture);
        ModelGraph graph = model.modelGraph().orElseThrow();
        Map<String, float[]> values = new LinkedHashMap<>(mapped.values());
        if (r.newHead() > 0) {
            values.remove("fc/W");
            values.remove("fc/b");
        }
        float[] parameters = fill(graph.trainableViews(), values, model.parameters(), r.newHead() > 0);
        float[] state = fill(graph.stateViews(), values, model.batchNormState(), false);
        if (!values.isEmpty()) throw new ImportError(r.input() + ": weights " + values.keySet() + " have no place in " + architecture);
        model.setParameters(parameters);
        model.setBatchNormState(state);
        requireFiniteOutputs(model, graph, r.input());
        InputScaling scaling = r.scaling() != null ? r.scaling() : mapped.kerasApplicationsNames() ? InputScaling.SYMMETRIC : InputScaling.UNIT;
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("engine", engine.name());
        provenance.put("imported_from", r.input().getFileName().toString());
        provenance.put("imported_sha256", sha256(r.input()));
        provenance.put("import_format", r.format());
        provenance.put("input_scaling", scaling.name().toLowerCase(java.util.Locale.ROOT));
        if (r.newHead() > 0) provenance.put("head", "new: " + r.newHead() + " classes, initialized with seed " + r.seed());
        return new ModelFile(architecture, parameters, state, scaling.normalization(graph.inputShape().channels()), r.classes(), provenance);
    }

    /**
     * The buffer of {@code views} from the imported values (each used once, removed from {@code values}); views without
     * a value keep {@code fresh}'s only when {@code freshAllowedForHead} and they are the classifier's.
     */
    private static float[] fill(List<ParamView> views, Map<String, float[]> values, float[] fresh, boolean freshAllowedForHead) {
        float[] out = fresh.clone();
        List<String> missing = new ArrayList<>();
        for (ParamView v : views) {
            float[] given = values.remove(v.name());
            if (given == null) {
                if (!(freshAllowedForHead && v.name().startsWith("fc/"))) missing.add(v.name());
                continue;
            }
            if (given.length != v.length()) {
                throw new ImportError("shapes disagree: lowbit's " + v.name() + " has " + v.length() + " values "
                        + java.util.Arrays.toString(v.shape()) + ", the Keras layer gives " + given.length);
            }
            v.write(out, given);
        }
        if (!missing.isEmpty()) throw new ImportError("the Keras model has no weights for lowbit's " + missing);
        return out;
    }

    private static void requireFiniteOutputs(TrainableModel model, ModelGraph graph, Path source) {
        int[] s = graph.inputShape().dims();
        float[] half = new float[s[0] * s[1] * s[2]];
        java.util.Arrays.fill(half, 0.5f);
        for (float p : model.forward(lowbit.tensor.Tensor.of(half, 1, s[0], s[1], s[2])).data()) {
            if (!Float.isFinite(p)) throw new ImportError(source + ": the imported model's outputs are not finite");
        }
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new ImportError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
