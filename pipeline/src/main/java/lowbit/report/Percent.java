package lowbit.report;

import lowbit.eval.WilsonInterval;

/** A fraction as the report's percentage text with two decimals. */
final class Percent {
    private Percent() {
    }

    static String of(double fraction) {
        return String.format("%.2f", fraction * 100);
    }

    /** A 95 % interval as "low - high" in percent. */
    static String interval(WilsonInterval ci) {
        return of(ci.low()) + " - " + of(ci.high());
    }
}
