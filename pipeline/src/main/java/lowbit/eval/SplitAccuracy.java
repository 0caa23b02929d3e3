package lowbit.eval;

import java.util.List;

/**
 * How a model did on a split (or on several together): images, correct predictions, and per class the images whose
 * true class it is and how many of them it got right (its recall).
 */
public record SplitAccuracy(String split, int examples, int correct, int[] classExamples, int[] classCorrect) {

    public double accuracy() {
        return examples == 0 ? 0 : (double) correct / examples;
    }

    /** The 95 % Wilson interval of the accuracy over these images. */
    public WilsonInterval interval() {
        return WilsonInterval.of95(accuracy(), examples);
    }

    /** Recall of class c, NaN for a class without images here. */
    public double recall(int c) {
        return classExamples[c] == 0 ? Double.NaN : (double) classCorrect[c] / classExamples[c];
    }

    /** Several splits counted together, each image once. */
    public static SplitAccuracy pooled(String name, List<SplitAccuracy> parts) {
        int classes = parts.get(0).classExamples.length;
        int[] examples = new int[classes];
        int[] correct = new int[classes];
        int n = 0;
        int c = 0;
        for (SplitAccuracy p : parts) {
            n += p.examples;
            c += p.correct;
            for (int k = 0; k < classes; k++) {
                examples[k] += p.classExamples[k];
                correct[k] += p.classCorrect[k];
            }
        }
        return new SplitAccuracy(name, n, c, examples, correct);
    }
}
