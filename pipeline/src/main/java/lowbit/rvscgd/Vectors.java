package lowbit.rvscgd;

/** The few dense-vector operations of the teacher-student math, on double arrays. */
final class Vectors {

    private Vectors() {
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double sum(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return s;
    }

    /** a / ||a||, a new array; a must not be zero. */
    static double[] unit(double[] a) {
        double n = norm(a);
        if (!(n > 0)) {
            throw new IllegalArgumentException("the zero vector has no direction");
        }
        double[] u = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            u[i] = a[i] / n;
        }
        return u;
    }

    /** The angle between a and b in radians; NaN when either is zero. */
    static double angle(double[] a, double[] b) {
        double na = norm(a);
        double nb = norm(b);
        if (na == 0 || nb == 0) {
            return Double.NaN;
        }
        // rounding can push the cosine of parallel vectors just past 1
        return Math.acos(Math.max(-1.0, Math.min(1.0, dot(a, b) / (na * nb))));
    }
}
