package lowbit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lowbit.engine.ActivationQuantizer;
import lowbit.engine.Engine;
import lowbit.model.graph.ParamView;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.eval.LabeledImages;
import lowbit.ptq.PostTrainingQuantization;
import lowbit.ptq.QuantizationPlan;
import lowbit.ptq.QuantizedModel;
import lowbit.quant.Sqnr;

/**
 * Computes the bottleneck report (docs/methods.md, QGT's bottleneck report) of a model for a quantization plan.
 * The float reference is the model with its batch norms folded as the plan says (the same function as the
 * model). A layer's activation is the output of the layer itself (the vertex named like its views), compared
 * between the reference and a model where only that layer (isolated) or that layer and every layer before it
 * in buffer order (cumulative) is quantized.
 */
public final class BottleneckAnalysis {

    private BottleneckAnalysis() {
    }

    /**
     * @param plan       the weight views to report and their bits
     * @param eval       images for the accuracies
     * @param sqnrImages batch for the activation SQNRs
     */
    public static LayerReport run(TrainableModel model, Engine engine, QuantizationPlan plan, LabeledImages eval,
                                  Tensor sqnrImages) {
        return run(model, engine, plan, eval, sqnrImages, ActivationQuantizer.NONE);
    }

    /**
     * As {@link #run(TrainableModel, Engine, QuantizationPlan, LabeledImages, Tensor)}, with the activations
     * {@code activations} names fake-quantized in the cumulative SQNR passes (every quantized tensor before a
     * layer's output then adds its noise to it); isolated SQNRs and accuracies keep float activations.
     */
    public static LayerReport run(TrainableModel model, Engine engine, QuantizationPlan plan, LabeledImages eval,
                                  Tensor sqnrImages, ActivationQuantizer activations) {
        return run(model, engine, plan, eval, sqnrImages, activations, 0);
    }

    /**
     * As above, for a uniform or mixed plan (each row at its layer's bits; "uniform" then means the plan as given),
     * with the mixed-precision allocation searched from the plan within {@code allocationBudget} stored weight bytes
     * (0: the plan's own bytes).
     */
    public static LayerReport run(TrainableModel model, Engine engine, QuantizationPlan plan, LabeledImages eval,
                                  Tensor sqnrImages, ActivationQuantizer activations, long allocationBudget) {
        List<String> layers = List.copyOf(plan.bitsByView().keySet());
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("the report needs a plan of at least one layer");
        }
        TrainableModel work = engine.build(model.architecture());
        QuantizedModel reference = PostTrainingQuantization.apply(model, plan.restrictedTo(List.of()));
        reference.applyTo(work);
        double floatAccuracy = eval.accuracy(work);
        Map<String, Tensor> floatActs = work.activations(sqnrImages);

        Map<String, ParamView> views = new LinkedHashMap<>();
        model.parameterViews().forEach(v -> views.put(v.name(), v));
        List<LayerCosts> costs = new ArrayList<>();
        for (String layer : layers) {
            costs.add(LayerCosts.of(views.get(layer), views.get(layer).read(reference.parameters()), plan.perChannel()));
        }
        long uniformBytes = MixedPrecision.bytes(costs, plan.bitsByView());
        Map<String, Integer> mixed = MixedPrecision.allocate(costs, plan.bitsByView(),
                allocationBudget > 0 ? allocationBudget : uniformBytes);

        List<LayerReportRow> rows = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String layer = layers.get(i);
            String vertex = layer.substring(0, layer.lastIndexOf('/'));
            PostTrainingQuantization.apply(model, plan.restrictedTo(List.of(layer))).applyTo(work);
            double isolatedAccuracy = eval.accuracy(work);
            double isolatedSqnr = sqnr(floatActs, work.activations(sqnrImages), vertex);
            PostTrainingQuantization.apply(model, plan.restrictedTo(layers.subList(0, i + 1))).applyTo(work);
            double cumulativeSqnr = sqnr(floatActs, work.activations(sqnrImages, activations), vertex);
            LayerCosts c = costs.get(i);
            ParamView v = c.view();
            int bits = plan.bitsByView().get(layer);
            rows.add(new LayerReportRow(i, layer, v.kind().name(), v.length(), bits, plan.perChannel(), plan.foldBatchNorm(),
                    4L * v.length(), c.bytes()[bits], c.rho()[bits], isolatedAccuracy, floatAccuracy - isolatedAccuracy,
                    isolatedSqnr, cumulativeSqnr, mixed.get(layer)));
        }
        PostTrainingQuantization.apply(model, plan).applyTo(work);
        double uniformAccuracy = eval.accuracy(work);
        PostTrainingQuantization.apply(model, plan.withBits(mixed)).applyTo(work);
        double mixedAccuracy = eval.accuracy(work);
        return new LayerReport(rows, eval.size(), floatAccuracy, uniformAccuracy, uniformBytes, mixed,
                MixedPrecision.bytes(costs, mixed), mixedAccuracy);
    }

    private static double sqnr(Map<String, Tensor> reference, Map<String, Tensor> quantized, String vertex) {
        Tensor r = reference.get(vertex);
        if (r == null) throw new IllegalStateException("no activation named " + vertex);
        return Sqnr.decibels(r.data(), quantized.get(vertex).data());
    }
}
