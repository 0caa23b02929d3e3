package lowbit.export.integer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import lowbit.LowbitException;
import lowbit.data.read.Normalization;
import lowbit.engine.Engine;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.model.graph.BatchNormFold;
import lowbit.model.graph.ModelGraph;
import lowbit.model.graph.ParamView;
import lowbit.ptq.ActivationRangeRule;
import lowbit.ptq.ActivationRanges;
import lowbit.ptq.ActivationSites;
import lowbit.ptq.PostTrainingQuantization;
import lowbit.ptq.QuantizationPlan;
import lowbit.ptq.QuantizedModel;
import lowbit.quant.AsymmetricQuantizer;

/**
 * A trained model to its integer program: post-training quantization of the weights (batch norms folded), 8-bit
 * activation ranges calibrated on float passes of the weight-quantized model (as {@link lowbit.ptq.ActivationCalibration}
 * does for a PTQ cell), then {@link IntegerLowering}.
 *
 * @param integer       the integer program
 * @param fakeQuantized the weight-quantized model with float activations, whose accuracy the integer one is held to
 * @param sites         the tensors stored as int8, in graph order
 * @param ranges        their calibrated ranges
 */
public record IntegerConversion(IntegerModel integer, TrainableModel fakeQuantized, List<String> sites, ActivationRanges ranges) {

    /** int8 activations. */
    public static final int ACTIVATION_BITS = 8;

    /**
     * @param trained       a model built from a zoo graph ({@link TrainableModel#modelGraph()})
     * @param engine        the engine to build the fake-quantized copy with (the one the model was loaded with)
     * @param plan          weight quantization: every weight view, batch norms folded
     * @param calibration   float input batches (normalized as in training), e.g. the first training images
     * @param normalization how the float inputs come from uint8 pixels, which the integer program's input table applies
     * @throws LowbitException when the model has no graph, the plan leaves a weight in float or does not fold, or the
     *                         graph has a node integer inference cannot compute
     */
    public static IntegerConversion convert(TrainableModel trained, Engine engine, QuantizationPlan plan, Iterable<Tensor> calibration,
                                            ActivationRangeRule rule, Normalization normalization) {
        trained.modelGraph().orElseThrow(() -> new LowbitException(
                "integer export needs a model built from lowbit's model zoo (its graph); this one is a DL4J configuration of its own"));
        return convert(trained, engine.build(trained.architecture()), plan, calibration, rule, normalization);
    }

    /**
     * As above, with {@code copy} a model of the same graph (any parameters) that becomes the fake-quantized model.
     */
    public static IntegerConversion convert(TrainableModel trained, TrainableModel copy, QuantizationPlan plan, Iterable<Tensor> calibration,
                                            ActivationRangeRule rule, Normalization normalization) {
        ModelGraph graph = trained.modelGraph().orElseThrow(() -> new LowbitException(
                "integer export needs a model built from lowbit's model zoo (its graph); this one is a DL4J configuration of its own"));
        if (!plan.foldBatchNorm()) throw new LowbitException("integer export folds batch norms into the convolutions: drop --no-fold");
        for (ParamView v : trained.parameterViews()) {
            if (v.kind().isWeight() && !plan.bitsByView().containsKey(v.name())) {
                throw new LowbitException("integer export needs every weight quantized; " + v.name() + " is not in the plan");
            }
        }
        QuantizedModel quantized = PostTrainingQuantization.apply(trained, plan);
        TrainableModel fake = copy;
        quantized.applyTo(fake);
        Set<String> folded = graph.foldableBatchNorms().stream().map(BatchNormFold::layer).collect(Collectors.toSet());
        List<String> sites = ActivationSites.of(graph.graphNodes(), folded);
        ActivationRanges ranges = ActivationRanges.calibrate(fake, sites, calibration, rule, ACTIVATION_BITS);
        Map<String, AsymmetricQuantizer> grids = new LinkedHashMap<>();
        for (String s : sites) grids.put(s, AsymmetricQuantizer.forRange(ranges.min(s), ranges.max(s), ACTIVATION_BITS));
        IntegerModel integer = IntegerLowering.lower(graph, quantized, trained.parameterViews(), trained.batchNormStateViews(),
                grids, normalization);
        return new IntegerConversion(integer, fake, sites, ranges);
    }
}
