package lowbit.export.integer;

import java.util.Locale;

import lowbit.data.read.Normalization;
import lowbit.engine.TrainableModel;
import lowbit.eval.Predictions;

/**
 * Accuracy of the integer program (the Java reference of the C) against the fake-quantized model (quantized weights,
 * float activations) on the same images.
 *
 * @param agreement share of images where both predict the same class
 */
public record IntegerEvaluation(int images, double integerAccuracy, double fakeQuantizedAccuracy, double agreement) {

    private static final int BATCH = 250;

    public static IntegerEvaluation of(IntegerModel integer, TrainableModel fakeQuantized, RawImages images, Normalization normalization) {
        int[] predicted = new int[images.size()];
        for (int i = 0; i < predicted.length; i++) predicted[i] = IntegerInference.run(integer, images.pixels().get(i)).predicted();
        return of(predicted, fakeQuantized, images, normalization);
    }

    /** With the integer program's predictions already computed, one per image. */
    public static IntegerEvaluation of(int[] integerPredictions, TrainableModel fakeQuantized, RawImages images, Normalization normalization) {
        int correctInt = 0;
        int correctFake = 0;
        int same = 0;
        for (int from = 0; from < images.size(); from += BATCH) {
            int to = Math.min(images.size(), from + BATCH);
            int[] fake = Predictions.argmax(fakeQuantized.forward(images.floats(from, to, normalization)));
            for (int i = from; i < to; i++) {
                int p = integerPredictions[i];
                int label = images.labels()[i];
                if (p == label) correctInt++;
                if (fake[i - from] == label) correctFake++;
                if (p == fake[i - from]) same++;
            }
        }
        int n = images.size();
        return new IntegerEvaluation(n, (double) correctInt / n, (double) correctFake / n, (double) same / n);
    }

    public String describe(String what) {
        return String.format(Locale.ROOT, "integer accuracy %.4f, fake-quantized (float activations) %.4f, same class on %.2f %% of %d images of %s",
                integerAccuracy, fakeQuantizedAccuracy, 100 * agreement, images, what);
    }
}
