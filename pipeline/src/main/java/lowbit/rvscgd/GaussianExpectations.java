package lowbit.rvscgd;

/**
 * Closed forms over Gaussian inputs (rows Z_i ~ N(0, I_n), independent) for the student (w, v) and a teacher
 * (wStar, vStar), from E[Z 1{Z.a > 0}] = a^/sqrt(2 pi), E[Z 1{Z.a > 0, Z.b > 0}] = (a^ + b^)/(2 sqrt(2 pi))
 * and P(Z.a > 0, Z.b > 0) = (pi - theta)/(2 pi) for unit a^, b^ at angle theta.
 */
public final class GaussianExpectations {

    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

    private GaussianExpectations() {
    }

    /**
     * E[g_w] = (1/(2 sqrt(2 pi))) [ (||v||^2 + (1'v)^2 - (1'v)(1'vStar)) w^ - (v'vStar) wStar^ ]
     * (docs/methods.md, RVSCGD); w must not be zero.
     */
    public static double[] coarseGradient(double[] w, double[] v, Teacher teacher) {
        double[] wHat = Vectors.unit(w);
        double[] starHat = Vectors.unit(teacher.w());
        double sv = Vectors.sum(v);
        double a = Vectors.dot(v, v) + sv * sv - sv * Vectors.sum(teacher.v());
        double b = Vectors.dot(v, teacher.v());
        double[] g = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            g[j] = (a * wHat[j] - b * starHat[j]) / (2 * SQRT_2PI);
        }
        return g;
    }

    /**
     * The population loss (1/2) E[(y - y*)^2] = (1/2) (E[y^2] - 2 E[y y*] + E[y*^2]) with
     * E[y^2] = (||v||^2 + (1'v)^2)/4 and E[y y*] = (v'vStar)(pi - theta)/(2 pi) + ((1'v)(1'vStar) - v'vStar)/4.
     * For w = 0 the student outputs y = 0 everywhere (sigma(0) = 0).
     */
    public static double loss(double[] w, double[] v, Teacher teacher) {
        double[] vs = teacher.v();
        double teacherSquare = secondMoment(vs);
        if (Vectors.norm(w) == 0) {
            return 0.5 * teacherSquare;
        }
        double theta = Vectors.angle(w, teacher.w());
        double vv = Vectors.dot(v, vs);
        double cross = vv * (Math.PI - theta) / (2 * Math.PI) + (Vectors.sum(v) * Vectors.sum(vs) - vv) / 4;
        return 0.5 * (secondMoment(v) - 2 * cross + teacherSquare);
    }

    /** E[(v^T sigma(Z w))^2] for any w != 0: each unit fires with probability 1/2, independently. */
    private static double secondMoment(double[] v) {
        double s = Vectors.sum(v);
        return (Vectors.dot(v, v) + s * s) / 4;
    }
}
