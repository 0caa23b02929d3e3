package lowbit.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import lowbit.engine.dl4j.Dl4jModel;
import lowbit.engine.dl4j.LayerImpl;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-vertex forward and backward time of a zoo model (layers, residual adds, pass-through vertices), each vertex
 * driven by hand in topological order, all arrays of a step in one reused workspace, next to the time of a whole {@code graph.fit} step and of
 * {@code computeGradientAndScore} (forward + backward with DL4J's workspaces; the difference to fit is the update).
 * Usage: {@code LayerProfile model [steps]}; layers by {@code -Dlowbit.layers}.
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
        GraphVertex[] vertices = graph.getVertices();
        int[] order = graph.topologicalSortOrder();
        // forward and backward nanoseconds per vertex; the last slot: summing gradients where a vertex feeds several
        long[] forward = new long[vertices.length + 1];
        long[] backward = new long[vertices.length + 1];
        String[] shapes = new String[vertices.length];
        Runnable gradient = () -> {
            graph.setInputs(batch.getFeatures());
            graph.setLabels(batch.getLabels());
            graph.computeGradientAndScore();
        };
        Runnable fit = () -> graph.fit(batch);
        long gradientNanos = 0;
        long fitNanos = 0;
        // interleaved, so that a change of the machine's load hits the three measurements alike; 3 untimed warm-ups
        for (int s = -3; s < steps; s++) {
            boolean timed = s >= 0;
            step(vertices, order, batch, timed ? forward : new long[forward.length], timed ? backward : new long[backward.length], shapes);
            long g = nanos(gradient);
            long f = nanos(fit);
            if (timed) {
                gradientNanos += g;
                fitNanos += f;
            }
        }
        double gradientMs = gradientNanos / 1e6 / steps;
        double fitMs = fitNanos / 1e6 / steps;
        print(model, vertices, order, forward, backward, shapes, steps, gradientMs, fitMs);
    }

    private static long nanos(Runnable step) {
        long t0 = System.nanoTime();
        step.run();
        return System.nanoTime() - t0;
    }

    /** One workspace for every array of a hand-driven step, reused from step to step as DL4J's own fit reuses its. */
    private static final WorkspaceConfiguration STEP_WORKSPACE = WorkspaceConfiguration.builder()
            .policyLearning(LearningPolicy.FIRST_LOOP).policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE).policyAllocation(AllocationPolicy.OVERALLOCATE).build();
    private static final String STEP_WORKSPACE_ID = "LAYER_PROFILE_STEP";

    private static void step(GraphVertex[] vertices, int[] order, DataSet batch, long[] forward, long[] backward, String[] shapes) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.builder().defaultWorkspace(STEP_WORKSPACE_ID, STEP_WORKSPACE).build();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, STEP_WORKSPACE_ID)) {
            timedStep(vertices, order, batch, forward, backward, shapes, mgr);
        }
    }

    private static void timedStep(GraphVertex[] vertices, int[] order, DataSet batch, long[] forward, long[] backward,
                                  String[] shapes, LayerWorkspaceMgr mgr) {
        INDArray[] outputs = new INDArray[vertices.length];
        for (int i : order) {
            GraphVertex v = vertices[i];
            if (v.isInputVertex()) {
                outputs[i] = batch.getFeatures();
                continue;
            }
            VertexIndices[] in = v.getInputVertices();
            for (int k = 0; k < in.length; k++) v.setInput(k, outputs[in[k].getVertexIndex()], mgr);
            long t = System.nanoTime();
            outputs[i] = v.doForward(true, mgr);
            forward[i] += System.nanoTime() - t;
            shapes[i] = Arrays.toString(outputs[i].shape());
        }
        INDArray[] epsilons = new INDArray[vertices.length];
        for (int j = order.length - 1; j >= 0; j--) {
            GraphVertex v = vertices[order[j]];
            if (v.isInputVertex()) continue;
            if (v.isOutputVertex()) ((IOutputLayer) v.getLayer()).setLabels(batch.getLabels());
            else v.setEpsilon(epsilons[order[j]]);
            long t = System.nanoTime();
            INDArray[] toInputs = v.doBackward(false, mgr).getSecond();
            backward[order[j]] += System.nanoTime() - t;
            VertexIndices[] in = v.getInputVertices();
            t = System.nanoTime();
            for (int k = 0; k < in.length; k++) {
                int from = in[k].getVertexIndex();
                if (toInputs[k] == null || vertices[from].isInputVertex()) continue;
                epsilons[from] = epsilons[from] == null ? toInputs[k] : epsilons[from].add(toInputs[k]);
            }
            backward[vertices.length] += System.nanoTime() - t;
        }
    }

    private static String kind(GraphVertex v) {
        return v.hasLayer() ? v.getLayer().getClass().getSimpleName() : v.getClass().getSimpleName();
    }

    private static void print(BenchModel model, GraphVertex[] vertices, int[] order, long[] forward, long[] backward,
                              String[] shapes, int steps, double gradientMs, double fitMs) {
        double total = (Arrays.stream(forward).sum() + Arrays.stream(backward).sum()) / 1e6 / steps;
        System.out.printf(Locale.ROOT, "PROFILE %s layers=%s batch=%d steps=%d: sum of vertices %.2f ms,"
                        + " computeGradientAndScore %.2f ms, graph.fit step %.2f ms (update and its framework: %.2f ms)%n",
                model.id, LayerImpl.current().name().toLowerCase(Locale.ROOT), model.batch, steps, total, gradientMs, fitMs,
                fitMs - gradientMs);
        System.out.printf(Locale.ROOT, "| vertex | kind | output | forward ms | backward ms | share |%n|---|---|---|---|---|---|%n");
        Map<String, double[]> byKind = new TreeMap<>();
        for (int i : order) {
            if (vertices[i].isInputVertex()) continue;
            String kind = kind(vertices[i]);
            double f = forward[i] / 1e6 / steps;
            double b = backward[i] / 1e6 / steps;
            double[] k = byKind.computeIfAbsent(kind, x -> new double[2]);
            k[0] += f;
            k[1] += b;
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %.1f %% |%n", vertices[i].getVertexName(),
                    kind, shapes[i], f, b, 100 * (f + b) / total);
        }
        byKind.put("(summing gradients of vertices feeding several)", new double[] {0, backward[vertices.length] / 1e6 / steps});
        System.out.printf(Locale.ROOT, "%n| kind | forward ms | backward ms | share |%n|---|---|---|---|%n");
        byKind.forEach((kind, v) -> System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.1f %% |%n",
                kind, v[0], v[1], 100 * (v[0] + v[1]) / total));
    }
}
