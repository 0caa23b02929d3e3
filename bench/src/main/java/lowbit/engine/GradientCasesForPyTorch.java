package lowbit.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.engine.torch.TorchEngine;
import lowbit.model.ModelZoo;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.Node;
import lowbit.model.graph.ParamView;

/**
 * The Java side of bench/pytorch-gradients: every {@link GradientCase} of {@code EngineGradientsTest} (zoo model,
 * parameters, batch-norm state, batch) as a JSON file that PyTorch can rebuild the model from (the graph's nodes with
 * their ops' fields, inputs and parameter slices), with lowbit's double-precision reference gradients and both float
 * engines' gradients at that point. Usage: {@code GradientCasesForPyTorch <output dir>}; one {@code NN.json} per case.
 */
public final class GradientCasesForPyTorch {

    private GradientCasesForPyTorch() {
    }

    public static void main(String[] args) throws IOException {
        NumericKernels.apply();
        Path dir = Files.createDirectories(Path.of(args[0]));
        ObjectMapper json = new ObjectMapper();
        int k = 0;
        for (GradientCase.Spec spec : GradientCase.specs()) {
            GradientCase c = spec.reference();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("label", c.label());
            out.put("nodes", nodes(ModelZoo.graph(c.name(), c.options()), json));
            out.put("parameters", c.parameters());
            out.put("state", c.state());
            out.put("x_shape", c.x().shape());
            out.put("x", c.x().data());
            out.put("labels", c.labels());
            out.put("reference", gradients(c.reference()));
            Map<String, Object> engines = new LinkedHashMap<>();
            for (String engine : List.of(Dl4jEngine.NAME, TorchEngine.NAME)) {
                engines.put(engine, gradients(GradientCase.gradients(c.floatModel(engine), c.parameters(), c.state(), c.x(), c.labels())));
            }
            out.put("engines", engines);
            json.writeValue(dir.resolve(String.format("%02d.json", k++)).toFile(), out);
        }
        System.out.println("KERNELS " + NumericKernels.describe());
    }

    /** Per node in run order: name, op type and fields, input positions, parameter and state slices of the flat buffers. */
    private static List<Map<String, Object>> nodes(ModelGraph graph, ObjectMapper json) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<ParamView> views = graph.trainableViews();
        List<ParamView> stateViews = graph.stateViews();
        for (int i = 0; i < graph.nodes().size(); i++) {
            Node n = graph.nodes().get(i);
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", n.name());
            if (!n.isInput()) {
                Map<String, Object> op = json.convertValue(n.op(), Map.class);
                op.put("type", n.op().getClass().getSimpleName());
                node.put("op", op);
            }
            node.put("inputs", n.inputs().stream().mapToInt(graph::indexOf).toArray());
            node.put("params", slices(graph.trainableSlots(i), views));
            node.put("state", slices(graph.stateSlots(i), stateViews));
            nodes.add(node);
        }
        return nodes;
    }

    private static List<Map<String, Object>> slices(int[] slots, List<ParamView> views) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int s : slots) {
            ParamView v = views.get(s);
            out.add(Map.of("name", v.name(), "offset", v.offset(), "shape", v.shape()));
        }
        return out;
    }

    private static Map<String, float[]> gradients(GradientCase.Gradients g) {
        return Map.of("parameters", g.parameters(), "input", g.input());
    }
}
