package lowbit.quant;

import java.util.Locale;

/**
 * How a symmetric grid's scale is chosen per channel (MAX is the standard grid; MSE is our [design]
 * alternative, docs/methods.md): MAX covers the largest weight, s = max|W| / n; MSE clips, taking the s = c / n, c in a grid of
 * {@link #MSE_CANDIDATES} fractions of max|W|, that minimizes the squared error of Q(W). At 2 bits MAX sends every
 * weight below max|W| / 2 to zero (90 % of a trained LeNet's), while MSE keeps the ternary grid's three levels in use.
 */
public enum ScaleRule {
    MAX, MSE;

    /** Clip levels tried by MSE: c = max|W| k / 32 for k = 3 .. 32. */
    public static final int MSE_CANDIDATES = 32;

    /** By name, case-insensitive ("max" or "mse"). */
    public static ScaleRule of(String name) {
        for (ScaleRule r : values()) {
            if (r.name().equalsIgnoreCase(name.trim())) return r;
        }
        throw new IllegalArgumentException("scale rule must be max or mse, not '" + name + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
