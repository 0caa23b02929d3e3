package lowbit.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import lowbit.engine.dl4j.Dl4jModel;
import lowbit.model.LayerImpl;
import lowbit.model.layers.PassThroughPreProcessor;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.PreprocessorVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Per-layer forward and backward time of a chain-shaped zoo model (LeNet, MobileNet), each layer driven by hand
 * without workspaces (pass-through vertices skipped), next to the time of a whole {@code graph.fit} step (the difference is the update and
 * DL4J's own overhead). Usage: {@code LayerProfile model [steps]}; layers by {@code -Dlowbit.layers}.
 */
public final class LayerProfile {

    private LayerProfile() {
    }

    public static void main(String[] args) {
        BenchModel model = BenchModel.byId(args[0]);
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Dl4jModel built = model.build();
        ComputationGraph graph = built.graph();
        MomentumSgd.install(graph);
        DataSet batch = model.randomBatch(graph);
        graph.fit(batch); // creates the gradient views the layers write into
        Layer[] chain = chain(graph);
        long[] forward = new long[chain.length];
        long[] backward = new long[chain.length];
        String[] shapes = new String[chain.length];
        for (int s = -3; s < steps; s++) { // three untimed warm-up steps
            boolean timed = s >= 0;
            step(chain, batch, timed ? forward : new long[chain.length], timed ? backward : new long[chain.length], shapes);
        }
        for (int s = 0; s < 3; s++) graph.fit(batch);
        long t0 = System.nanoTime();
        for (int s = 0; s < steps; s++) graph.fit(batch);
        double fitMs = (System.nanoTime() - t0) / 1e6 / steps;
        print(model, chain, forward, backward, shapes, steps, fitMs);
    }

    private static Layer[] chain(ComputationGraph graph) {
        GraphVertex[] vertices = graph.getVertices();
        return Arrays.stream(graph.topologicalSortOrder()).mapToObj(i -> vertices[i])
                .filter(v -> !v.isInputVertex() && !isPassThrough(v))
                .peek(v -> {
                    if (!v.hasLayer() || v.getNumInputArrays() != 1) {
                        throw new IllegalArgumentException(v.getVertexName() + ": only chains of layers can be profiled");
                    }
                })
                .map(GraphVertex::getLayer).toArray(Layer[]::new);
    }

    /** The vertex of an activation that the batch norm before it applies: it passes its input through. */
    private static boolean isPassThrough(GraphVertex v) {
        return v instanceof PreprocessorVertex p && p.getPreProcessor() instanceof PassThroughPreProcessor;
    }

    private static void step(Layer[] chain, DataSet batch, long[] forward, long[] backward, String[] shapes) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray a = batch.getFeatures();
        for (int i = 0; i < chain.length; i++) {
            long t = System.nanoTime();
            chain[i].setInput(a, mgr);
            a = chain[i].activate(true, mgr);
            forward[i] += System.nanoTime() - t;
            shapes[i] = Arrays.toString(a.shape());
        }
        ((IOutputLayer) chain[chain.length - 1]).setLabels(batch.getLabels());
        INDArray eps = null;
        for (int i = chain.length - 1; i >= 0; i--) {
            long t = System.nanoTime();
            eps = chain[i].backpropGradient(eps, mgr).getSecond();
            backward[i] += System.nanoTime() - t;
        }
    }

    private static void print(BenchModel model, Layer[] chain, long[] forward, long[] backward, String[] shapes,
                              int steps, double fitMs) {
        double total = (Arrays.stream(forward).sum() + Arrays.stream(backward).sum()) / 1e6 / steps;
        System.out.printf(Locale.ROOT, "PROFILE %s layers=%s batch=%d steps=%d: sum of layers %.2f ms, graph.fit step %.2f ms%n",
                model.id, LayerImpl.current().name().toLowerCase(Locale.ROOT), model.batch, steps, total, fitMs);
        System.out.printf(Locale.ROOT, "| layer | kind | output | forward ms | backward ms | share |%n|---|---|---|---|---|---|%n");
        Map<String, double[]> byKind = new TreeMap<>();
        for (int i = 0; i < chain.length; i++) {
            String kind = chain[i].getClass().getSimpleName();
            double f = forward[i] / 1e6 / steps;
            double b = backward[i] / 1e6 / steps;
            double[] k = byKind.computeIfAbsent(kind, x -> new double[2]);
            k[0] += f;
            k[1] += b;
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %.1f %% |%n", chain[i].conf().getLayer().getLayerName(),
                    kind, shapes[i], f, b, 100 * (f + b) / total);
        }
        System.out.printf(Locale.ROOT, "%n| kind | forward ms | backward ms | share |%n|---|---|---|---|%n");
        byKind.forEach((kind, v) -> System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.1f %% |%n",
                kind, v[0], v[1], 100 * (v[0] + v[1]) / total));
    }
}
