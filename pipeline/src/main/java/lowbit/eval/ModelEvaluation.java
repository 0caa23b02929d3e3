package lowbit.eval;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import lowbit.data.read.ImageExample;
import lowbit.data.read.Normalization;
import lowbit.data.read.ShardFiles;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;

/**
 * A model scored on splits of a sharded dataset, image by image in file order: accuracy and per-class recall per split,
 * and optionally every prediction (image id, true and predicted class, probabilities) for a predictions table.
 */
public final class ModelEvaluation {

    private static final int BATCH = 256;

    /** One image's outcome. */
    public record Prediction(String split, String id, int label, int predicted, float[] probabilities) {
    }

    private ModelEvaluation() {
    }

    /**
     * @param classes     the dataset's classes (the model's outputs must be as many)
     * @param predictions receives every prediction in order; null: none kept
     */
    public static SplitAccuracy split(TrainableModel model, String datasetDir, String split, Normalization normalization,
                                      int classes, Consumer<Prediction> predictions) {
        int[] classExamples = new int[classes];
        int[] classCorrect = new int[classes];
        int examples = 0;
        int correct = 0;
        Iterator<ImageExample> it = ShardFiles.read(ShardFiles.of(datasetDir, split));
        List<ImageExample> batch = new ArrayList<>(BATCH);
        while (it.hasNext() || !batch.isEmpty()) {
            if (it.hasNext()) batch.add(it.next());
            if (batch.size() < BATCH && it.hasNext()) continue;
            Tensor p = model.forward(images(batch, normalization));
            if (p.dim(1) != classes) {
                throw new lowbit.LowbitException("the model has " + p.dim(1) + " outputs, the dataset " + datasetDir + " " + classes + " classes");
            }
            int[] predicted = Predictions.argmax(p);
            for (int i = 0; i < batch.size(); i++) {
                ImageExample e = batch.get(i);
                examples++;
                classExamples[e.label()]++;
                if (predicted[i] == e.label()) {
                    correct++;
                    classCorrect[e.label()]++;
                }
                if (predictions != null) {
                    predictions.accept(new Prediction(split, e.id(), e.label(), predicted[i],
                            java.util.Arrays.copyOfRange(p.data(), i * classes, (i + 1) * classes)));
                }
            }
            batch.clear();
        }
        if (examples == 0) throw new lowbit.LowbitException("split " + split + " of " + datasetDir + " has no images");
        return new SplitAccuracy(split, examples, correct, classExamples, classCorrect);
    }

    /** A batch of examples as an NCHW tensor scaled by {@code normalization}. */
    public static Tensor images(List<ImageExample> batch, Normalization normalization) {
        ImageExample first = batch.get(0);
        int c = first.channels();
        int hw = first.height() * first.width();
        float[] data = new float[batch.size() * c * hw];
        for (int n = 0; n < batch.size(); n++) {
            byte[] px = batch.get(n).pixels();
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < hw; i++) {
                    data[(n * c + ch) * hw + i] = normalization.apply(px[ch * hw + i] & 0xff, ch);
                }
            }
        }
        return Tensor.of(data, batch.size(), c, first.height(), first.width());
    }

    /** A prediction as a row of data-schemas/prediction.avsc. */
    public static Map<String, Object> row(Prediction p, List<String> classNames, String model) {
        List<Float> probabilities = new ArrayList<>();
        for (float f : p.probabilities()) probabilities.add(f);
        return Map.of("split", p.split(), "id", p.id(), "label", p.label(), "label_name", classNames.get(p.label()),
                "predicted", p.predicted(), "predicted_name", classNames.get(p.predicted()), "correct", p.label() == p.predicted(),
                "probabilities", probabilities, "model", model);
    }
}
