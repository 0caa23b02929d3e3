package lowbit.rvscgd;

/**
 * What one iteration of RVSCGD reached, measured on the sparse weights u = T(w) (the model one would deploy)
 * against the teacher: angle(u, wStar) and angle(w, wStar) in degrees, precision and recall of the support of u
 * against the support of wStar, the fraction of zeros of u, and the population loss (1/2) E[(y - y*)^2] of u.
 * Undefined values are NaN: the angle of u = 0, and the precision of an empty support.
 */
public record IterationMetrics(int iteration, double angleDeg, double angleWDeg, double precision, double recall,
                               double sparsity, double loss) {

    public static IterationMetrics of(int iteration, double[] w, double[] u, double[] v, Teacher teacher) {
        int kept = 0;
        int truePositives = 0;
        int relevant = 0;
        for (int j = 0; j < u.length; j++) {
            boolean inTeacher = teacher.w()[j] != 0;
            if (u[j] != 0) {
                kept++;
                if (inTeacher) {
                    truePositives++;
                }
            }
            if (inTeacher) {
                relevant++;
            }
        }
        return new IterationMetrics(iteration, Math.toDegrees(Vectors.angle(u, teacher.w())),
                Math.toDegrees(Vectors.angle(w, teacher.w())), kept == 0 ? Double.NaN : (double) truePositives / kept,
                (double) truePositives / relevant, 1.0 - (double) kept / u.length,
                GaussianExpectations.loss(u, v, teacher));
    }

    /** Whether angle(u, wStar) is below {@code maxAngleDeg} and support precision and recall reach {@code minScore}. */
    public boolean meets(double maxAngleDeg, double minScore) {
        return angleDeg < maxAngleDeg && precision >= minScore && recall >= minScore;
    }
}
