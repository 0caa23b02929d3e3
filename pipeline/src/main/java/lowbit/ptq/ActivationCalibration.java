package lowbit.ptq;

import java.util.List;

import lowbit.data.read.Batch;
import lowbit.data.read.Normalization;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.eval.LabeledImages;

/** Activation quantization of a weight-quantized model, calibrated on the first images of a sharded split. */
public final class ActivationCalibration {
    // inference batches: batch norm uses its running statistics, so the size changes no range
    private static final int BATCH = 64;

    private ActivationCalibration() {
    }

    /**
     * @param normalization the pixels' normalization in training (the calibrated ranges are the network's own)
     */
    public static CalibratedActivations fromShards(TrainableModel compressed, String datasetDir, String split, int images,
                                                   Normalization normalization, int bits, ActivationRangeRule rule) {
        List<Tensor> batches = LabeledImages.fromShards(datasetDir, split, images, normalization).batches(BATCH)
                .stream().map(Batch::features).toList();
        return PostTrainingQuantization.calibrateActivations(compressed, batches, bits, rule);
    }
}
