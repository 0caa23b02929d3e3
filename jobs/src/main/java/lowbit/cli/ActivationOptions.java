package lowbit.cli;

import lowbit.LowbitException;
import lowbit.data.read.Normalization;
import lowbit.engine.ActivationQuantizer;
import lowbit.engine.TrainableModel;
import lowbit.ptq.ActivationCalibration;
import lowbit.ptq.ActivationRangeRule;
import picocli.CommandLine.Option;

/** TensorFlow-style activation quantization of a command's weight-quantized model, calibrated on training images. */
final class ActivationOptions {
    @Option(names = "--activation-bits", paramLabel = "A", defaultValue = "32",
            description = "Quantize activations to A bits too (2..8, asymmetric per tensor); default ${DEFAULT-VALUE}: float")
    int bits;

    @Option(names = "--activation-range", paramLabel = "RULE", defaultValue = "minmax",
            description = "How the activation ranges are chosen: minmax, percentile or mse; default ${DEFAULT-VALUE}")
    String range;

    @Option(names = "--activation-percentile", paramLabel = "P", defaultValue = "99.99",
            description = "Share of the values the percentile rule keeps in each tail; default ${DEFAULT-VALUE}")
    double percentile;

    @Option(names = "--calibration-images", paramLabel = "N", defaultValue = "512",
            description = "First N images of the train split that calibrate the ranges; default ${DEFAULT-VALUE}")
    int calibrationImages;

    boolean quantizes() {
        return bits != 32;
    }

    /** The activation quantizer of {@code compressed} (the weight-quantized model), or none without --activation-bits. */
    ActivationQuantizer calibrate(TrainableModel compressed, String datasetDir, Normalization normalization) {
        if (!quantizes()) return ActivationQuantizer.NONE;
        if (bits < 2 || bits > 8) throw new LowbitException("--activation-bits must be 2..8 (or 32 for float), not " + bits);
        return ActivationCalibration.fromShards(compressed, datasetDir, "train", calibrationImages(), normalization, bits, rule());
    }

    /** The range rule of --activation-range and --activation-percentile. */
    ActivationRangeRule rule() {
        try {
            return new ActivationRangeRule(range, percentile);
        } catch (RuntimeException e) {
            throw new LowbitException("--activation-range / --activation-percentile: " + e.getMessage());
        }
    }

    /** --calibration-images, checked. */
    int calibrationImages() {
        if (calibrationImages < 1) throw new LowbitException("--calibration-images must be at least 1, not " + calibrationImages);
        return calibrationImages;
    }

    String describe() {
        return bits + "-bit activations, " + (range.equals("percentile") ? "percentile " + percentile : range)
                + " ranges from the first " + calibrationImages + " training images";
    }
}
