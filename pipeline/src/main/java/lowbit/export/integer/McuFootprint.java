package lowbit.export.integer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import lowbit.LowbitException;
import lowbit.data.read.Normalization;
import lowbit.engine.TrainableModel;
import lowbit.model.graph.BatchNormFold;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.ParamView;
import lowbit.ptq.ActivationSites;
import lowbit.ptq.PostTrainingQuantization;
import lowbit.ptq.QuantizationPlan;
import lowbit.quant.AsymmetricQuantizer;
import org.slf4j.LoggerFactory;

/**
 * What the C export of a model under a quantization plan takes on a microcontroller, without calibrating it: flash
 * ({@link IntegerModel#flashBytes()}), RAM (the scratch arena and the input image) and MACs per image. Neither depends on
 * the activation ranges, so the program is lowered with placeholder [0, 1] grids; the sweep's cells table records these.
 */
public record McuFootprint(long flashBytes, long ramBytes, long macs) {

    /**
     * The footprint of the C export, or empty when there is none: the model has no graph, the plan leaves weights in
     * float or does not fold batch norms, or the graph has something integer inference does not compute (noise).
     */
    public static Optional<McuFootprint> of(TrainableModel model, QuantizationPlan plan) {
        Optional<ModelGraph> g = model.modelGraph();
        if (g.isEmpty() || !plan.foldBatchNorm()) return Optional.empty();
        for (ParamView v : model.parameterViews()) {
            if (v.kind().isWeight() && !plan.bitsByView().containsKey(v.name())) return Optional.empty();
        }
        ModelGraph graph = g.get();
        Set<String> folded = graph.foldableBatchNorms().stream().map(BatchNormFold::layer).collect(Collectors.toSet());
        Map<String, AsymmetricQuantizer> grids = new LinkedHashMap<>();
        for (String site : ActivationSites.of(graph.graphNodes(), folded)) {
            grids.put(site, AsymmetricQuantizer.forRange(0, 1, IntegerConversion.ACTIVATION_BITS));
        }
        try {
            IntegerModel m = IntegerLowering.lower(graph, PostTrainingQuantization.apply(model, plan), model.parameterViews(),
                    model.batchNormStateViews(), grids, Normalization.UNIT);
            return Optional.of(new McuFootprint(m.flashBytes(), m.ramBytes(), m.macs()));
        } catch (LowbitException e) { // said, not hidden: an empty footprint once hid an int32 bias overflow
            LoggerFactory.getLogger(McuFootprint.class).warn("no microcontroller footprint: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
