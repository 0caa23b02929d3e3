package lowbit.robust;

import java.io.Serializable;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * An L-infinity attack on [0, 1] pixels: x <- Proj(x + step * sign(grad)) for {@code steps} iterations, from the
 * clean batch (FGSM: one step of size eps; IFGSM) or from a uniform random point of the ball (PGD).
 */
public record Attack(Kind kind, float eps, float stepSize, int steps) implements Serializable {

    public enum Kind {
        FGSM, IFGSM, PGD;

        public static Kind parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown attack '" + name + "'; known: fgsm, ifgsm, pgd");
            }
        }
    }

    public Attack {
        if (!(eps > 0) || eps > 1) throw new IllegalArgumentException("attack eps must be in (0, 1], got " + eps);
        if (!(stepSize > 0) || stepSize > 1) throw new IllegalArgumentException("attack step must be in (0, 1], got " + stepSize);
        if (steps < 1) throw new IllegalArgumentException("attack steps must be at least 1, got " + steps);
        if (kind == Kind.FGSM && (steps != 1 || stepSize != eps)) {
            throw new IllegalArgumentException("FGSM is one step of size eps");
        }
    }

    public static Attack fgsm(double eps) {
        return new Attack(Kind.FGSM, (float) eps, (float) eps, 1);
    }

    public static Attack ifgsm(double eps, double stepSize, int steps) {
        return new Attack(Kind.IFGSM, (float) eps, (float) stepSize, steps);
    }

    public static Attack pgd(double eps, double stepSize, int steps) {
        return new Attack(Kind.PGD, (float) eps, (float) stepSize, steps);
    }

    /** The attack of a kind, as configured: FGSM ignores the step and steps. */
    public static Attack of(Kind kind, double eps, double stepSize, int steps) {
        return kind == Kind.FGSM ? fgsm(eps) : new Attack(kind, (float) eps, (float) stepSize, steps);
    }

    /**
     * The adversarial batch for a clean one.
     *
     * @param clean    pixels in [0, 1], examples contiguous
     * @param seeds    one seed per example for PGD's random start (unused, may be null, for FGSM and IFGSM)
     * @param gradient the loss gradient at a batch of pixels
     */
    public float[] perturb(float[] clean, long[] seeds, LossGradient gradient) {
        float[] x = clean.clone();
        if (kind == Kind.PGD) {
            randomStart(x, seeds);
            EpsBall.project(x, clean, eps);
        }
        for (int s = 0; s < steps; s++) {
            float[] g = gradient.at(x);
            if (g.length != x.length) throw new IllegalStateException(g.length + " gradient values for " + x.length + " pixels");
            for (int i = 0; i < x.length; i++) {
                x[i] += stepSize * Math.signum(g[i]);
            }
            EpsBall.project(x, clean, eps);
        }
        return x;
    }

    private void randomStart(float[] x, long[] seeds) {
        if (seeds == null || seeds.length == 0 || x.length % seeds.length != 0) {
            throw new IllegalArgumentException("PGD needs one seed per example");
        }
        int per = x.length / seeds.length;
        for (int n = 0; n < seeds.length; n++) {
            SplittableRandom random = new SplittableRandom(seeds[n]);
            for (int i = n * per; i < (n + 1) * per; i++) {
                x[i] += (float) ((2 * random.nextDouble() - 1) * eps);
            }
        }
    }
}
