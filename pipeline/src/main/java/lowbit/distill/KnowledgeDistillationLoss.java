package lowbit.distill;

import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;

/**
 * Hinton et al.'s distillation loss of a minibatch, averaged over its examples: for an image with a label y,
 * {@code (1 - alpha) CE(softmax(z), y) + alpha T^2 KL(softmax(t / T) || softmax(z / T))}, for an unlabeled one (label
 * -1) the second term only, with z the student's and t the teacher's logits. Its gradient with respect to z is
 * {@code (1 - alpha)(softmax(z) - onehot(y)) + alpha T (softmax(z / T) - softmax(t / T))} per example.
 */
public record KnowledgeDistillationLoss(int[] labels, Tensor teacherLogits, double temperature, double alpha)
        implements TrainableModel.LogitLoss {

    @Override
    public double lossAndGradient(Tensor logits, float[] gradient) {
        int n = logits.dim(0);
        int classes = logits.dim(1);
        if (teacherLogits.dim(0) != n || teacherLogits.dim(1) != classes) {
            throw new IllegalArgumentException("the teacher's logits " + java.util.Arrays.toString(teacherLogits.shape())
                    + " do not match the student's " + java.util.Arrays.toString(logits.shape()));
        }
        double t = temperature;
        double loss = 0;
        double[] student = new double[classes];
        double[] soft = new double[classes];
        double[] teacher = new double[classes];
        for (int i = 0; i < n; i++) {
            int row = i * classes;
            double[] logStudent = logSoftmax(logits.data(), row, classes, 1, student);
            double[] logSoft = logSoftmax(logits.data(), row, classes, t, soft);
            double[] logTeacher = logSoftmax(teacherLogits.data(), row, classes, t, teacher);
            double kl = 0;
            for (int k = 0; k < classes; k++) {
                double pt = Math.exp(logTeacher[k]);
                if (pt > 0) kl += pt * (logTeacher[k] - logSoft[k]);
                gradient[row + k] = (float) (alpha * t * (Math.exp(logSoft[k]) - pt) / n);
            }
            loss += alpha * t * t * kl;
            int y = labels[i];
            if (y >= 0) {
                loss += (1 - alpha) * -logStudent[y];
                for (int k = 0; k < classes; k++) {
                    gradient[row + k] += (float) ((1 - alpha) * (Math.exp(logStudent[k]) - (k == y ? 1 : 0)) / n);
                }
            }
        }
        return loss / n;
    }

    /** log softmax(x / t) of one row, into {@code out}. */
    private static double[] logSoftmax(float[] x, int row, int classes, double t, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) max = Math.max(max, x[row + k] / t);
        double sum = 0;
        for (int k = 0; k < classes; k++) sum += Math.exp(x[row + k] / t - max);
        double log = max + Math.log(sum);
        for (int k = 0; k < classes; k++) out[k] = x[row + k] / t - log;
        return out;
    }
}
