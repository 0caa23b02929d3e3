package lowbit.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

/**
 * Reads a Keras HDF5 model file (Keras 2 / TensorFlow {@code model.save("x.h5")}) with jHDF: the layers from the
 * {@code model_config} attribute (a Functional, Model or Sequential model) and each layer's weights from
 * {@code model_weights/<layer>/<weight name>} as its {@code weight_names} attribute lists them. Optimizer state and
 * the training configuration are ignored.
 */
public final class KerasH5 {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasH5() {
    }

    /** The model's layers in file order; a missing, truncated or foreign file is an {@link ImportError} naming it. */
    public static List<KerasLayer> read(Path file) {
        if (!Files.isRegularFile(file)) throw new ImportError("Keras model file " + file + " does not exist");
        try (HdfFile hdf = new HdfFile(file)) {
            Attribute config = hdf.getAttribute("model_config");
            if (config == null) throw new ImportError(file + " is HDF5 but has no model_config attribute: not a Keras model saved as .h5");
            JsonNode model = JSON.readTree(text(config.getData()));
            Node weightsNode = hdf.getByPath("model_weights");
            if (!(weightsNode instanceof Group weights)) throw new ImportError(file + " has no model_weights group");
            List<KerasLayer> layers = new ArrayList<>();
            for (JsonNode layer : layerList(model, file)) {
                String name = layer.path("config").path("name").asText(layer.path("name").asText());
                layers.add(new KerasLayer(layer.path("class_name").asText(), name, layer.path("config"), inputs(layer),
                        weightsOf(weights, name, file)));
            }
            return layers;
        } catch (ImportError e) {
            throw e;
        } catch (Exception e) {
            throw new ImportError("cannot read " + file + " as a Keras HDF5 model (missing, truncated or not HDF5?): "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    private static JsonNode layerList(JsonNode model, Path file) {
        JsonNode config = model.path("config");
        JsonNode layers = config.isArray() ? config : config.path("layers");
        if (!layers.isArray() || layers.isEmpty()) throw new ImportError(file + ": model_config lists no layers");
        return layers;
    }

    /** Names of the layers a Functional model's layer reads (empty for Sequential models and inputs). */
    private static List<String> inputs(JsonNode layer) {
        List<String> in = new ArrayList<>();
        for (JsonNode node : layer.path("inbound_nodes")) {
            for (JsonNode edge : node) {
                if (edge.isArray() && !edge.isEmpty()) in.add(edge.get(0).asText());
            }
        }
        return in;
    }

    private static Map<String, KerasLayer.KerasWeight> weightsOf(Group weights, String layer, Path file) {
        Map<String, KerasLayer.KerasWeight> out = new LinkedHashMap<>();
        Node group = weights.getChild(layer);
        if (!(group instanceof Group g)) return out;
        Attribute names = g.getAttribute("weight_names");
        if (names == null || names.isEmpty()) return out;
        for (Object n : flatten(names.getData())) {
            if (n == null) continue; // a layer without weights lists none
            String path = text(n);
            Node d = g.getByPath(path);
            if (!(d instanceof Dataset dataset)) throw new ImportError(file + ": layer " + layer + " lists weight " + path + ", which is not there");
            String shortName = path.substring(path.lastIndexOf('/') + 1).replace(":0", "");
            out.put(shortName, new KerasLayer.KerasWeight(floats(dataset.getDataFlat(), file, layer + "/" + path), dataset.getDimensions()));
        }
        return out;
    }

    private static float[] floats(Object data, Path file, String what) {
        if (data instanceof float[] f) return f;
        if (data instanceof double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
            return f;
        }
        throw new ImportError(file + ": weight " + what + " is " + data.getClass().getSimpleName() + ", not float32 or float64");
    }

    private static List<Object> flatten(Object data) {
        List<Object> out = new ArrayList<>();
        if (data == null) return out;
        if (data instanceof Object[] array) {
            for (Object o : array) out.addAll(flatten(o));
        } else {
            out.add(data);
        }
        return out;
    }

    private static String text(Object value) {
        if (value instanceof String s) return s;
        if (value instanceof byte[] b) return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        if (value instanceof Object[] a && a.length == 1) return text(a[0]);
        return String.valueOf(value);
    }
}
